// The host's heartbeat over real sockets: a `ws` server on loopback, one client that answers pings
// (as every browser does) and one that does not (autoPong off: a peer that vanished silently).
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startHeartbeat, type HeartbeatClock } from './heartbeat.js';
import { bindContract } from './ws-endpoint.js';
import type { LatentApi } from '../../shared/contract.js';

/** A clock whose interval fires only when the test says so. */
function manualClock(): HeartbeatClock & { tick(): void; cleared: boolean } {
  let fn: (() => void) | null = null;
  return {
    cleared: false,
    setInterval(tick) {
      fn = tick;
      return 1;
    },
    clearInterval() {
      this.cleared = true;
      fn = null;
    },
    tick() {
      fn?.();
    },
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(onConnection: (socket: WebSocket) => void): Promise<{ url: string; wss: WebSocketServer }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', onConnection);
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, wss };
}

async function client(
  url: string,
  autoPong: boolean,
): Promise<{ ws: WebSocket; pings: number[]; closed: Promise<number> }> {
  const ws = new WebSocket(url, { autoPong });
  const pings: number[] = [];
  ws.on('ping', () => pings.push(pings.length + 1));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  cleanups.push(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, pings, closed };
}

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('heartbeat', () => {
  it('terminates a socket after two unanswered pings and keeps one that answers', { timeout: 10_000 }, async () => {
    const clock = manualClock();
    const heartbeat = startHeartbeat({ clock, maxMissed: 2 });
    cleanups.push(() => heartbeat.stop());
    const serverSide: WebSocket[] = [];
    const pongs: number[] = [0, 0];
    const { url, wss } = await server((socket) => {
      const i = serverSide.push(socket) - 1;
      socket.on('pong', () => pongs[i]!++);
      heartbeat.watch(socket);
    });
    const alive = await client(url, true);
    await until(() => serverSide.length === 1);
    const silent = await client(url, false);
    await until(() => serverSide.length === 2);

    // Ping 1 and ping 2: the silent client receives both and answers neither; it is still connected.
    for (let round = 1; round <= 2; round++) {
      clock.tick();
      await until(() => alive.pings.length === round && silent.pings.length === round && pongs[0] === round);
    }
    expect(pongs[1]).toBe(0);
    expect(wss.clients.size).toBe(2);

    // The third tick finds two pings unanswered: terminated (no close frame, so 1006 at the client).
    clock.tick();
    expect(await silent.closed).toBe(1006);
    await until(() => wss.clients.size === 1);
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);

    // That tick pinged the answering client too; it keeps being pinged and kept, round after round.
    await until(() => pongs[0] === 3);
    for (let round = 4; round <= 6; round++) {
      clock.tick();
      await until(() => pongs[0] === round);
    }
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
    expect(silent.pings).toHaveLength(2);

    heartbeat.stop();
    expect(clock.cleared).toBe(true);
  });

  it('forgets a socket that closed: no ping or terminate is attempted on it', { timeout: 10_000 }, async () => {
    const clock = manualClock();
    const heartbeat = startHeartbeat({ clock });
    cleanups.push(() => heartbeat.stop());
    let serverSocket: WebSocket | null = null;
    const { url } = await server((socket) => {
      serverSocket = socket;
      heartbeat.watch(socket);
    });
    const c = await client(url, true);
    await until(() => serverSocket !== null);
    const serverClosed = new Promise<void>((resolve) => serverSocket!.once('close', () => resolve()));
    c.ws.close(1000, 'bye');
    await serverClosed;
    // ping() on a closed ws socket throws; a forgotten socket is never touched.
    expect(() => {
      for (let i = 0; i < 4; i++) clock.tick();
    }).not.toThrow();
    expect(await c.closed).toBe(1000);
  });

  it(
    'is wired into the contract endpoint: a silent client of bindContract is cut off',
    { timeout: 10_000 },
    async () => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
      const never = new Promise<LatentApi>(() => {});
      // Real short intervals here: the endpoint's own clock.
      const unbind = bindContract(wss, never, { intervalMs: 20 });
      cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
      cleanups.push(unbind);
      const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
      const silent = await client(url, false);
      expect(await silent.closed).toBe(1006);
      expect(silent.pings.length).toBeGreaterThanOrEqual(2);
    },
  );
});
