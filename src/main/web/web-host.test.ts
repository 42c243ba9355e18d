// The browser host itself: token and origin refusals, static files with their headers, and the
// WebSocket transport's behaviour at its edges. The service here is a small stand-in with real typed
// arrays; the real service runs over this transport in web-contract.test.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  ContractError,
  type CallArg,
  type CallName,
  type ContractEvents,
  type EventName,
  type LatentApi,
} from '../../shared/contract.js';
import { encodeMessage } from '../../shared/wire.js';
import { connectWs, type WsApi } from '../../renderer/lib/ws-client.js';
import { nodeWebSocket } from './node-ws.js';
import { MAX_REQUEST_BYTES, startWebHost, type LatentService, type WebHost } from './web-host.js';

// A real (tiny, valid) WebAssembly module: magic + version.
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

function standInService(): LatentService & {
  emit<E extends EventName>(e: E, p: ContractEvents[E]): void;
  release(): void;
  closed: boolean;
} {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let release = (): void => {};
  const svc = {
    closed: false,
    async call<K extends CallName>(name: K, arg: CallArg<K>): Promise<never> {
      switch (name) {
        case 'latent.decode': {
          const z = (arg as CallArg<'latent.decode'>).z;
          // An "image" per row whose pixels are the row's values scaled: checks data round-trips both ways.
          const data = Uint8Array.from(z.data, (v) => Math.round(v * 100));
          return { data, n: z.rows, height: 1, width: z.cols, channels: 1 } as never;
        }
        case 'dataset.labels':
          return new Int32Array([3, -1, 7]) as never;
        case 'model.info':
          throw new ContractError('MODEL_NOT_LOADED', 'Train or open a model first.');
        case 'train.state':
          // Hangs until released: a call in flight.
          return new Promise((resolve) => (release = () => resolve('idle' as never)));
        default:
          throw new ContractError('BAD_ARGUMENT', `stand-in does not do ${name}`);
      }
    },
    on(event: EventName, listener: (p: never) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => void set.delete(listener as (p: unknown) => void);
    },
    emit(event: EventName, payload: unknown) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    release: () => release(),
    async close() {
      svc.closed = true;
    },
  };
  return svc as never;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// node:http, not fetch: fetch normalises "/../" away and cannot send a forged Origin.
function get(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a raw socket to /ws; resolves with the HTTP status of a refusal or 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string>, query = ''): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${u.host}/ws${query}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode!);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => {});
  });
}

describe('web host', () => {
  let dir: string;
  let host: WebHost;
  let svc: ReturnType<typeof standInService>;
  let origin: string;
  let wsUrl: string;
  const clients: WsApi[] = [];
  const connect = async (): Promise<WsApi> => {
    const c = await connectWs(wsUrl, { WebSocket: nodeWebSocket(), reconnect: false });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'le-web-'));
    const renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Latent Explorer</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("hi")');
    writeFileSync(join(renderer, 'assets', 'tfjs-backend-wasm-simd.wasm'), WASM);
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
    svc = standInService();
    host = await startWebHost({ dataDir: dir, resourcesDir: dir, rendererDir: renderer, service: svc });
    const u = new URL(host.url);
    origin = u.origin;
    wsUrl = `ws://${u.host}/ws?token=${host.token}`;
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the page without the right token (401); a token in a cookie does not count', async () => {
    expect((await get(host.url, '/')).status).toBe(401);
    expect((await get(host.url, '/index.html')).status).toBe(401);
    expect((await get(host.url, '/index.htm%6C')).status).toBe(401);
    expect((await get(host.url, '/?token=nope')).status).toBe(401);
    // What the host set before: a cookie named by port, which every server on 127.0.0.1 received.
    const oldCookie = await get(host.url, '/', { Cookie: `latent_token_${new URL(host.url).port}=${host.token}` });
    expect(oldCookie.status).toBe(401);
    expect(oldCookie.body.toString()).toContain('token');
  });

  it('serves the page with the token and never sets a cookie; assets are public build files', async () => {
    const page = await get(host.url, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.toString()).toContain('<title>Latent Explorer</title>');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['set-cookie']).toBeUndefined();

    const js = await get(host.url, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['set-cookie']).toBeUndefined();
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body.toString()).toBe('console.log("hi")');

    const wasm = await get(host.url, '/assets/tfjs-backend-wasm-simd.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers['content-type']).toBe('application/wasm');
    expect(wasm.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(new Uint8Array(wasm.body)).toEqual(WASM);
    expect(await WebAssembly.validate(new Uint8Array(wasm.body))).toBe(true);

    expect((await get(host.url, '/assets/missing.js')).status).toBe(404);
    expect((await get(host.url, '/../secret.txt')).status).toBe(404);
    expect((await get(host.url, '/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get(host.url, '/assets/%2e%2e/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get(host.url, `/?token=${host.token}`, {}, 'POST')).status).toBe(405);
    const head = await get(host.url, '/assets/app.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('17');
  });

  it('answers nothing to a DNS-rebound name (403), not even the public assets', async () => {
    const port = new URL(host.url).port;
    const rebound = await get(host.url, '/assets/app.js', { Host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body.toString()).not.toContain('console.log');
    expect((await get(host.url, `/?token=${host.token}`, { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('a page of another server on 127.0.0.1 learns nothing and cannot open the socket', async () => {
    // A real second server on the same loopback address, another port: the origin an attacker controls.
    const other = createServer((_req, res) => res.end('other'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    try {
      const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      // Everything our host answers carries no cookie that a browser would send to `other`.
      for (const path of ['/', `/?token=${host.token}`, '/assets/app.js']) {
        expect((await get(host.url, path)).headers['set-cookie']).toBeUndefined();
      }
      // With the token in hand (it cannot have it, but even so) a page of that origin is refused.
      expect(await upgradeStatus(host.url, { Origin: otherOrigin }, `?token=${host.token}`)).toBe(403);
      // Without the token, what a browser would send from there: refused.
      const port = new URL(host.url).port;
      expect(await upgradeStatus(host.url, { Origin: otherOrigin, Cookie: `latent_token_${port}=x` })).toBe(401);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('says to build the UI when out/renderer is missing', async () => {
    const other = await startWebHost({
      dataDir: dir,
      resourcesDir: dir,
      rendererDir: join(dir, 'not-built'),
      service: standInService(),
    });
    try {
      const res = await get(other.url, `/?token=${other.token}`);
      expect(res.status).toBe(503);
      expect(res.body.toString()).toContain('run npm run build');
    } finally {
      await other.close();
    }
  });

  it('refuses the WebSocket upgrade without the token (401) or from another origin (403)', async () => {
    const q = `?token=${host.token}`;
    expect(await upgradeStatus(host.url, { Origin: origin })).toBe(401);
    expect(await upgradeStatus(host.url, { Origin: origin }, '?token=wrong')).toBe(401);
    expect(await upgradeStatus(host.url, { Origin: 'http://evil.example' }, q)).toBe(403);
    expect(await upgradeStatus(host.url, { Origin: `http://localhost:1` }, q)).toBe(403);
    expect(await upgradeStatus(host.url, {}, q)).toBe(403);
    // DNS rebinding: a foreign name resolving to 127.0.0.1 sends a matching Host and Origin.
    const port = new URL(host.url).port;
    expect(
      await upgradeStatus(host.url, { Origin: `http://evil.example:${port}`, Host: `evil.example:${port}` }, q),
    ).toBe(403);
    expect(await upgradeStatus(host.url, { Origin: origin }, q)).toBe(101);
    // A cookie holding the token is not a way in: only the address carries it.
    const cookie = `latent_token_${port}=${host.token}`;
    expect(await upgradeStatus(host.url, { Origin: origin, Cookie: cookie })).toBe(401);
  });

  it('carries calls both ways with typed arrays, and errors with their code', async () => {
    const api = await connect();
    const z = new Float32Array([0.5, 1, 2.55, 0]);
    const img = await api.call('latent.decode', { z: { data: z, rows: 2, cols: 2 } });
    expect(img.data).toBeInstanceOf(Uint8Array);
    expect([...img.data]).toEqual([50, 100, 255, 0]);
    expect(img.n).toBe(2);
    const labels = await api.call('dataset.labels', undefined);
    expect(labels).toBeInstanceOf(Int32Array);
    expect([...labels]).toEqual([3, -1, 7]);
    const err = await api.call('model.info', undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect((err as ContractError).code).toBe('MODEL_NOT_LOADED');
    expect((err as ContractError).message).toBe('Train or open a model first.');
  });

  it('pushes events to every connected client', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const got = (api: LatentApi) =>
      new Promise<ContractEvents['job.progress']>((resolve) => {
        const off = api.on('job.progress', (p) => {
          off();
          resolve(p);
        });
      });
    const both = Promise.all([got(a), got(b)]);
    svc.emit('job.progress', { jobId: 'j1', phase: 'decode', done: 3, total: 10, etaSeconds: null });
    const [pa, pb] = await both;
    expect(pa).toEqual({ jobId: 'j1', phase: 'decode', done: 3, total: 10, etaSeconds: null });
    expect(pb).toEqual(pa);
  });

  it('answers malformed, unknown and duplicate-id messages with BAD_ARGUMENT and stays up', async () => {
    const ws = new WebSocket(wsUrl, { origin });
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[] = [];
    ws.on('message', (data, isBinary) => replies.push(isBinary ? 'binary' : JSON.parse(data.toString())));
    const next = async (n: number) => {
      while (replies.length < n) await new Promise((r) => setTimeout(r, 10));
      return replies[n - 1] as { t: string; id: number | null; error: { code: string; message: string } };
    };
    ws.send('not json at all');
    expect(await next(1)).toMatchObject({ t: 'error', id: null, error: { code: 'BAD_ARGUMENT' } });
    ws.send(JSON.stringify({ t: 'call', id: 5, name: 'no.such.call' }));
    expect(await next(2)).toMatchObject({ t: 'error', id: 5, error: { code: 'BAD_ARGUMENT' } });
    ws.send(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(await next(3)).toMatchObject({ t: 'error', error: { code: 'BAD_ARGUMENT' } });
    ws.send(JSON.stringify({ t: 'event', name: 'job.progress', payload: {} }));
    expect(await next(4)).toMatchObject({ t: 'error', id: null, error: { code: 'BAD_ARGUMENT' } });
    // Two calls with one id while the first is in flight: the second is refused, the first still answered.
    ws.send(encodeMessage({ t: 'call', id: 9, name: 'train.state', arg: undefined }));
    ws.send(encodeMessage({ t: 'call', id: 9, name: 'train.state', arg: undefined }));
    expect(await next(5)).toMatchObject({ t: 'error', id: 9, error: { code: 'BAD_ARGUMENT' } });
    expect((await next(5)).error.message).toContain('in flight');
    svc.release();
    expect(await next(6)).toEqual({ t: 'result', id: 9, result: 'idle' });
    ws.close();
    // And the host still answers others.
    const api = await connect();
    expect([...(await api.call('dataset.labels', undefined))]).toEqual([3, -1, 7]);
  });

  it('answers deeply nested JSON with BAD_ARGUMENT for that call, not a stack overflow', async () => {
    const ws = new WebSocket(wsUrl, { origin });
    await new Promise((r) => ws.once('open', r));
    const replies: { t: string; id: number | null; error?: { code: string; message: string } }[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(String(d))));
    const depth = 200_000; // 400 kB, far under the request-size limit
    ws.send(`{"t":"call","id":41,"name":"app.info","arg":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    ws.send(`{"t":"call","id":42,"name":"fs.list","arg":{"path":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`);
    while (replies.length < 2) await new Promise((r) => setTimeout(r, 10));
    for (const [i, id] of [41, 42].entries()) {
      expect(replies[i]).toMatchObject({ t: 'error', id, error: { code: 'BAD_ARGUMENT' } });
      expect(replies[i]!.error!.message).toMatch(/nested more than 64 levels/);
    }
    ws.close();
    // The host keeps serving.
    const api = await connect();
    expect((await api.call('dataset.labels', undefined)).length).toBe(3);
  });

  it('closes a socket that sends more than the request-size limit, and keeps serving', async () => {
    const ws = new WebSocket(wsUrl, { origin });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('error', () => {});
    ws.send(new Uint8Array(MAX_REQUEST_BYTES + 1));
    expect(await closed).toBe(1009);
    const api = await connect();
    expect((await api.call('dataset.labels', undefined)).length).toBe(3);
  });

  it('rejects pending calls with a clear error when the socket drops', async () => {
    const other = await startWebHost({ dataDir: dir, resourcesDir: dir, rendererDir: dir, service: standInService() });
    const u = new URL(other.url);
    const api = await connectWs(`ws://${u.host}/ws?token=${other.token}`, {
      WebSocket: nodeWebSocket(),
      reconnect: false,
    });
    const pending = api.call('train.state', undefined).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await other.close();
    const err = (await pending) as ContractError;
    expect(err).toBeInstanceOf(ContractError);
    expect(err.message).toMatch(/Lost the connection to the Latent Explorer host/);
    api.close();
  });

  it('reconnects after the host restarts on the same port, and calls work again', async () => {
    const token = 'a-fixed-token-for-this-test-0123456789';
    const first = await startWebHost({
      dataDir: dir,
      resourcesDir: dir,
      rendererDir: dir,
      service: standInService(),
      token,
    });
    const port = Number(new URL(first.url).port);
    const statuses: string[] = [];
    const api = await connectWs(`ws://127.0.0.1:${port}/ws?token=${token}`, {
      WebSocket: nodeWebSocket(),
      onStatus: (s) => statuses.push(s),
    });
    await first.close();
    const second = await startWebHost({
      dataDir: dir,
      resourcesDir: dir,
      rendererDir: dir,
      service: standInService(),
      token,
      port,
    });
    try {
      // The call waits for the reconnection instead of failing.
      expect([...(await api.call('dataset.labels', undefined))]).toEqual([3, -1, 7]);
      expect(statuses).toEqual(['open', 'reconnecting', 'open']);
    } finally {
      api.close();
      await second.close();
    }
  });

  it('warns on stderr when bound beyond loopback, and still checks the origin against the Host header', async () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    let wide: WebHost;
    try {
      wide = await startWebHost({
        dataDir: dir,
        resourcesDir: dir,
        rendererDir: dir,
        service: standInService(),
        host: '0.0.0.0',
      });
    } finally {
      process.stderr.write = write;
    }
    try {
      expect(written.join('')).toMatch(/warning: listening on 0\.0\.0\.0, not loopback/);
      const port = new URL(wide.url).port;
      const local = `http://127.0.0.1:${port}`;
      const q = `?token=${wide.token}`;
      expect(await upgradeStatus(local, { Origin: local }, q)).toBe(101);
      expect(await upgradeStatus(local, { Origin: `http://elsewhere:${port}` }, q)).toBe(403);
      expect(await upgradeStatus(local, { Origin: local })).toBe(401);
    } finally {
      await wide.close();
    }
  });

  it('does not close a service it was given', () => {
    expect(svc.closed).toBe(false);
  });
});
