// The same contract suite as the in-process service, over the browser host's WebSocket: the real
// service behind startWebHost, the renderer's ws client in front (with the `ws` package's constructor).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectWs } from '../../renderer/lib/ws-client.js';
import { defineContractSuite } from '../service/contract-suite.js';
import { nodeWebSocket } from './node-ws.js';
import { startWebHost } from './web-host.js';

const root = resolve(import.meta.dirname, '../../..');

defineContractSuite('websocket', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'latent-web-'));
  const host = await startWebHost({
    dataDir,
    resourcesDir: join(root, 'resources'),
    rendererDir: join(root, 'out', 'renderer'),
    // The suite's scratch folders live in the temp folder.
    roots: [tmpdir()],
  });
  const url = new URL(host.url);
  const api = await connectWs(`ws://${url.host}/ws?token=${host.token}`, {
    WebSocket: nodeWebSocket(),
    reconnect: false,
  });
  return {
    api,
    close: async () => {
      api.close();
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
