// `npm run dist`'s up-front check: where the Electron zip is looked for, and the script itself
// stopping with one line when it cannot be had (run for real, offline by construction).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  downloadUrl,
  electronCacheDirs,
  electronZipName,
  findCachedZip,
  parseDistArgs,
} from '../../../scripts/dist-check.js';
import { skipTitle } from '../test-skip.js';

const root = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'dist-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dist check helpers', () => {
  const host = { platform: 'linux' as const, arch: 'x64' };

  it('builds for this machine unless platform or arch flags say otherwise', () => {
    expect(parseDistArgs([], host)).toEqual([host]);
    expect(parseDistArgs(['--win', '--mac', '--arm64'], host)).toEqual([
      { platform: 'win32', arch: 'arm64' },
      { platform: 'darwin', arch: 'arm64' },
    ]);
    expect(electronZipName('45.4.1', host)).toBe('electron-v45.4.1-linux-x64.zip');
  });

  it('looks in the env-named caches first, then the per-OS defaults', () => {
    expect(electronCacheDirs({ ELECTRON_BUILDER_CACHE: '/c/eb' }, 'linux', '/home/u')).toEqual([
      '/c/eb',
      '/home/u/.cache/electron',
      '/home/u/.cache/electron-builder',
    ]);
    expect(electronCacheDirs({}, 'darwin', '/Users/u')).toEqual([
      '/Users/u/Library/Caches/electron',
      '/Users/u/Library/Caches/electron-builder',
    ]);
  });

  it('finds a zip in a hashed sub-folder of a cache, and ignores an empty one', () => {
    const name = electronZipName('45.4.1', host);
    const cache = join(tmp, 'cache');
    mkdirSync(join(cache, '3f2a9c'), { recursive: true });
    expect(findCachedZip(name, [join(tmp, 'missing'), cache])).toBeNull();
    writeFileSync(join(cache, '3f2a9c', name), '');
    expect(findCachedZip(name, [cache])).toBeNull();
    writeFileSync(join(cache, '3f2a9c', name), 'PK\u0003\u0004');
    expect(findCachedZip(name, [join(tmp, 'missing'), cache])).toBe(join(cache, '3f2a9c', name));
  });

  it('downloads from GitHub unless ELECTRON_MIRROR names a mirror', () => {
    expect(downloadUrl('45.4.1', host, {})).toBe(
      'https://github.com/electron/electron/releases/download/v45.4.1/electron-v45.4.1-linux-x64.zip',
    );
    expect(downloadUrl('45.4.1', host, { ELECTRON_MIRROR: 'https://mirror.example/electron' })).toBe(
      'https://mirror.example/electron/v45.4.1/electron-v45.4.1-linux-x64.zip',
    );
  });
});

describe('npm run dist without the Electron zip', () => {
  // With an unpacked Electron here the script would go on and really package: not this test's job.
  const hasLocalElectron = existsSync(join(root, 'node_modules/electron/dist'));

  it.skipIf(hasLocalElectron)(
    skipTitle(
      'exits 1 at once with one line naming the zip and why',
      hasLocalElectron
        ? 'an unpacked Electron is in node_modules/electron/dist: the script would really package'
        : null,
    ),
    async () => {
      // A loopback port nobody listens on: taken from the OS, then released.
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      });
      const empty = join(tmp, 'empty-cache');
      mkdirSync(empty, { recursive: true });
      const r = spawnSync(process.execPath, ['bin/run-ts.mjs', 'scripts/dist.ts'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          // No cache anywhere, and a "mirror" that refuses connections.
          XDG_CACHE_HOME: empty,
          ELECTRON_BUILDER_CACHE: empty,
          ELECTRON_CACHE: empty,
          electron_config_cache: empty,
          ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        },
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^dist: cannot package: electron-builder needs electron-v[\d.]+-\w+-\w+\.zip, .*cannot be downloaded \(127\.0\.0\.1:\d+: ECONNREFUSED\)/,
      );
    },
  );
});
