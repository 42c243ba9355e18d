// `npm start`'s launcher: which host it picks, and — as a real process, the built launcher with no
// Electron binary — that it says why in one line, serves the app at the URL it prints, and ends with
// status 0 on Ctrl-C (SIGINT) leaving no process behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';
import { chooseHost } from './choose-host.js';
import { browserCommand } from './open-browser.js';

const ROOT = packageRoot();
const dataDir = mkdtempSync(join(tmpdir(), 'latent-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('chooseHost', () => {
  const missing = { found: false, reason: 'Electron binary not installed: /x/path.txt is missing' } as const;
  const present = { found: true, path: '/opt/electron' } as const;

  it('picks the browser host when the Electron binary is missing, saying so', () => {
    expect(chooseHost(missing, 'linux', { DISPLAY: ':0' })).toEqual({ kind: 'browser', why: missing.reason });
    expect(chooseHost(missing, 'darwin', {})).toEqual({ kind: 'browser', why: missing.reason });
  });

  it('picks the browser host without a display, and the desktop app with one', () => {
    expect(chooseHost(present, 'linux', {})).toMatchObject({
      kind: 'browser',
      why: expect.stringMatching(/no display/),
    });
    expect(chooseHost(present, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({
      kind: 'electron',
      binary: '/opt/electron',
    });
    expect(chooseHost(present, 'win32', {})).toEqual({ kind: 'electron', binary: '/opt/electron' });
  });

  it('opens a browser only where one can be shown', () => {
    expect(browserCommand('http://x/', 'linux', { PATH: '/nonexistent' })).toBeNull();
    expect(browserCommand('http://x/', 'linux', { PATH: '/usr/bin', DISPLAY: '' })).toBeNull();
    expect(browserCommand('http://x/', 'darwin', {})).toEqual(['open', 'http://x/']);
  });
});

describe('npm start without an Electron binary', () => {
  it('says why in one line, prints a URL that serves the app, and exits 0 on Ctrl-C', async () => {
    expect(existsSync(join(ROOT, 'out/main/start.js')), 'build first: npx electron-vite build').toBe(true);
    const env = {
      ...process.env,
      ELECTRON_PATH: join(dataDir, 'no-electron-here'),
      DISPLAY: '',
      PATH: '/usr/bin:/bin',
    };
    const child = spawn(process.execPath, [join(ROOT, 'bin/start.mjs'), '--data-dir', dataDir], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

    await expect
      .poll(() => out, { timeout: 20_000 })
      .toMatch(/Latent Explorer at http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
    const url = /(http:\/\/\S+)/.exec(out)![1]!;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const lines = err.trim().split('\n');
    expect(lines[0]).toBe(
      `latent-explorer: Electron binary not installed: ELECTRON_PATH=${env.ELECTRON_PATH} does not exist: starting the browser host instead.`,
    );
    expect(err).not.toMatch(/\n\s+at /);
  });
});
