// The host as people and Playwright start it: a real subprocess with the real service.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContractError } from '../../shared/contract.js';
import { connectWs } from '../../renderer/lib/ws-client.js';
import { nodeWebSocket } from './node-ws.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function start(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main/web/serve-main.ts', ...args], { cwd: ROOT });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('serve-main', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'le-serve-'));
  let child: ChildProcessWithoutNullStreams | null = null;

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one line with the URL, serves the contract, and stops cleanly on SIGTERM', async () => {
    child = start(['--port', '0', '--data-dir', dataDir]);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      child!.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      child!.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect(line).toMatch(/^Latent Explorer at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/);
    const url = new URL(line.slice('Latent Explorer at '.length));

    expect((await fetch(`${url.origin}/`)).status).toBe(401);

    const api = await connectWs(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, {
      WebSocket: nodeWebSocket(),
      reconnect: false,
    });
    const info = await api.call('app.info', undefined);
    expect(info.host).toBe('web');
    expect(info.dataDir).toBe(dataDir);
    const listing = await api.call('fs.list', { path: dataDir });
    expect(listing.path).toBe(dataDir);
    // The default root is the home folder (plus the data folder): /etc is out of reach, and no call
    // writes where the client says, even inside the data folder.
    const etc = await api.call('fs.list', { path: '/etc' }).catch((e: unknown) => e as ContractError);
    expect(etc).toMatchObject({ code: 'UNAUTHORIZED' });
    const target = join(dataDir, 'victim.csv');
    writeFileSync(target, "the user's file");
    const write = await api.call('export.coords', { format: 'csv', path: target }).catch((e: unknown) => e);
    expect(write).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(readFileSync(target, 'utf8')).toBe("the user's file");

    const closedByHost = new Promise<void>((resolve) => {
      // The pending call is rejected when the host goes away.
      api.call('train.state', undefined).then(
        () => resolve(),
        () => resolve(),
      );
    });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await closedByHost;
    api.close();
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/Error|at .*\.ts:\d+/);
  });

  it('refuses bad arguments with usage and exit code 2', async () => {
    const bad = start(['--port', 'seventy']);
    let stderr = '';
    bad.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exited(bad)).toBe(2);
    expect(stderr).toContain('--port must be 0..65535');
    expect(stderr).toContain('usage:');
  });
});
