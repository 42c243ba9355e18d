// dataset.fileNames end to end, as the renderer gets it: the browser host's real service and engine
// process behind the WebSocket, a folder of real Oxygen icons (one with a comma, quotes and a line
// break in its name) on disk. The names come with the fingerprint of the dataset they belong to.
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LatentApi } from '../../shared/contract.js';
import { connectWs } from '../../renderer/lib/ws-client.js';
import { nodeWebSocket } from './node-ws.js';
import { startWebHost } from './web-host.js';

const root = resolve(import.meta.dirname, '../../..');
const ICONS = '/usr/share/icons/oxygen/base/32x32';
const ODD_NAME = 'odd, "quoted"\nname.png';

let scratch: string;
let api: LatentApi & { close(): void };
let close: () => Promise<void>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'latent-names-'));
  const dataDir = join(scratch, 'data');
  await mkdir(dataDir);
  const host = await startWebHost({
    dataDir,
    resourcesDir: join(root, 'resources'),
    rendererDir: join(root, 'out', 'renderer'),
    roots: [scratch],
  });
  const url = new URL(host.url);
  api = await connectWs(`ws://${url.host}/ws?token=${host.token}`, { WebSocket: nodeWebSocket(), reconnect: false });
  close = async () => {
    api.close();
    await host.close();
  };
});
afterAll(async () => {
  await close?.();
  await rm(scratch, { recursive: true, force: true });
});

describe('dataset.fileNames over the WebSocket', () => {
  it('gives each image’s path for a folder, keyed by its fingerprint; null names for MNIST', async () => {
    const folder = join(scratch, 'icons');
    const expected: string[] = [];
    for (const kind of ['emotes', 'devices']) {
      await mkdir(join(folder, kind), { recursive: true });
      for (const n of (await readdir(join(ICONS, kind))).filter((f) => f.endsWith('.png')).slice(0, 5)) {
        await copyFile(join(ICONS, kind, n), join(folder, kind, n));
        expected.push(`${kind}/${n}`);
      }
    }
    await copyFile(join(ICONS, 'emotes', 'face-smile.png'), join(folder, 'emotes', ODD_NAME));
    expected.push(`emotes/${ODD_NAME}`);

    const info = await api.call('dataset.open', { source: { kind: 'folder', path: folder }, jobId: 'open-icons' });
    const files = await api.call('dataset.fileNames', undefined);
    expect(files.fingerprint).toBe(info.fingerprint);
    expect(files.names).toHaveLength(info.count);
    expect([...files.names!].sort()).toEqual(expected.sort());
    // Each name agrees with its image's label (the first folder level).
    const labels = await api.call('dataset.labels', undefined);
    files.names!.forEach((name, i) => expect(info.labelNames[labels[i]!]).toBe(name.split('/')[0]));

    const mnist = await api.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'open-mnist' });
    expect(await api.call('dataset.fileNames', undefined)).toEqual({ fingerprint: mnist.fingerprint, names: null });
  });
});
