// Keeps the browser host's socket list honest: a client that vanished without a close frame (laptop
// lid shut, network gone) would otherwise hold its socket, and receive events, forever. Every
// interval each socket is pinged; one that has not answered the last `maxMissed` pings is terminated.
// Browsers answer pings by themselves, so a live page never notices.

/** The part of a `ws` WebSocket used here. */
export interface PingableSocket {
  ping(): void;
  terminate(): void;
  on(event: 'pong' | 'close', listener: () => void): unknown;
}

/** setInterval/clearInterval, injectable so tests can step time. */
export interface HeartbeatClock {
  setInterval(tick: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface HeartbeatOptions {
  /** Default 15 s. */
  intervalMs?: number;
  /** Unanswered pings after which a socket is terminated. Default 2. */
  maxMissed?: number;
  clock?: HeartbeatClock;
}

export interface Heartbeat {
  /** Starts watching a socket; it is forgotten when it closes. */
  watch(socket: PingableSocket): void;
  stop(): void;
}

export const HEARTBEAT_INTERVAL_MS = 15_000;

const realClock: HeartbeatClock = {
  setInterval: (tick, ms) => {
    const handle = setInterval(tick, ms);
    // The heartbeat alone must not keep a process (a test, the CLI after close) alive.
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export function startHeartbeat(options: HeartbeatOptions = {}): Heartbeat {
  const maxMissed = options.maxMissed ?? 2;
  const clock = options.clock ?? realClock;
  /** Pings sent since the socket's last pong. */
  const missed = new Map<PingableSocket, number>();

  const tick = (): void => {
    for (const [socket, count] of missed) {
      if (count >= maxMissed) {
        missed.delete(socket);
        socket.terminate();
        continue;
      }
      missed.set(socket, count + 1);
      try {
        socket.ping();
      } catch {
        // Not open any more: its close event forgets it.
      }
    }
  };
  const handle = clock.setInterval(tick, options.intervalMs ?? HEARTBEAT_INTERVAL_MS);

  return {
    watch(socket) {
      missed.set(socket, 0);
      socket.on('pong', () => {
        if (missed.has(socket)) missed.set(socket, 0);
      });
      socket.on('close', () => missed.delete(socket));
    },
    stop() {
      clock.clearInterval(handle);
      missed.clear();
    },
  };
}
