// Journey 11b (browser host): the page's WebSocket drops; a banner says so while the client retries,
// goes when the socket is back, and what changed meanwhile (missed events) is shown after all.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import type { WebSocketRoute } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { connectWs } from '../src/renderer/lib/ws-client';
import { nodeWebSocket } from '../src/main/web/node-ws';
import { openBuiltinMnist } from './support/journeys';

test('lost connection: banner while reconnecting, state re-read once back', async ({ app }) => {
  test.skip(app.kind !== 'web', 'Electron talks over IPC: there is no socket to lose.');
  const { page } = app;
  const folder = join(app.inputsDir, 'grey');
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < 5; i++) {
    await sharp({ create: { width: 28, height: 28, channels: 3, background: { r: i * 40, g: i * 40, b: i * 40 } } })
      .png()
      .toFile(join(folder, `${i}.png`));
  }

  // Every page socket passes through here, so the test can cut it and refuse new ones.
  let live: WebSocketRoute | null = null;
  let refuse = false;
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    if (refuse) return void ws.close({ code: 1013, reason: 'test: host unreachable' });
    ws.connectToServer();
    live = ws;
  });
  await page.reload();
  await openBuiltinMnist(page);
  const banner = page.getByRole('alert').filter({ hasText: UI.connectionLost });
  await expect(banner).toHaveCount(0);

  refuse = true;
  await live!.close({ code: 1012, reason: 'test: connection cut' });
  await expect(banner).toBeVisible();

  // Meanwhile another client opens a different dataset: the page's socket misses that event.
  const other = await connectWs(page.url().replace(/^http/, 'ws').replace(/\/\?/, '/ws?'), {
    WebSocket: nodeWebSocket(new URL(page.url()).origin),
    reconnect: false,
  });
  const info = await other.call('dataset.open', { source: { kind: 'folder', path: folder }, jobId: 'e2e-other' });
  other.close();
  expect(info.count).toBe(5);
  await expect(banner).toBeVisible();

  refuse = false;
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  // Re-read on reconnect: the summary shows the dataset opened while the page was cut off.
  await expect(page.getByRole('region', { name: UI.data.summary })).toContainText('5 images');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The page reconnected twice and works, and the browser holds no cookie the host set: nothing it
  // could send to another server on 127.0.0.1.
  expect(await page.context().cookies()).toEqual([]);
  expect(app.pageErrors).toEqual([]);
});
