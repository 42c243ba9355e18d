// The contract over the browser host's WebSocket (src/main/web). Runs in the browser and, for tests,
// in Node with the `ws` package's constructor (Node 20 has no global WebSocket).
import {
  ContractError,
  toContractError,
  type CallArg,
  type CallName,
  type CallResult,
  type ContractEvents,
  type EventName,
  type LatentApi,
} from '../../shared/contract';
import { decodeMessage, encodeMessage } from '../../shared/wire';

/** The part of the WebSocket API used here; the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  // `never` parameters: each implementation has its own event classes; handlers here annotate what they read.
  onopen: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface ConnectOptions {
  /** Defaults to globalThis.WebSocket. */
  WebSocket?: WebSocketCtor;
  /** Reconnect after the socket drops (default true). Pending calls are rejected either way. */
  reconnect?: boolean;
  /** Told when the connection drops ('reconnecting') and comes back ('open'). */
  onStatus?: (status: 'open' | 'reconnecting' | 'closed') => void;
}

export type WsApi = LatentApi & { close(): void };

interface Pending {
  resolve(value: unknown): void;
  reject(error: ContractError): void;
}

const OPEN = 1;
const MAX_BACKOFF_MS = 5000;

export function connectWs(url: string, options: ConnectOptions = {}): Promise<WsApi> {
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
  if (!Ctor) return Promise.reject(new ContractError('INTERNAL', 'This environment has no WebSocket.'));
  const reconnect = options.reconnect ?? true;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocketLike;
  let closedByUser = false;
  let backoff = 250;
  // Resolves when the current (re)connection attempt is open; calls made meanwhile wait for it.
  let ready: Promise<void>;
  let giveUp: (error: ContractError) => void = () => {};

  const dropPending = (why: string): void => {
    const error = new ContractError(
      'INTERNAL',
      `Lost the connection to the Latent Explorer host (${why}); the call's outcome is unknown. ` +
        'Check that the host is still running, then retry.',
    );
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const onMessage = (data: unknown): void => {
    let message;
    try {
      message = decodeMessage(data as string | ArrayBuffer);
    } catch (e) {
      console.error('latent-explorer: dropped a malformed message from the host', e);
      return;
    }
    if (message.t === 'event') {
      for (const listener of listeners.get(message.name) ?? []) {
        try {
          listener(message.payload);
        } catch (e) {
          console.error(`latent-explorer: a '${message.name}' listener threw`, e);
        }
      }
      return;
    }
    if (message.t === 'call' || message.id === null) {
      if (message.t === 'error') console.error('latent-explorer: host error', message.error.message);
      return;
    }
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    if (message.t === 'result') p.resolve(message.result);
    else p.reject(toContractError(message.error));
  };

  const open = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const ws = new Ctor(url);
      socket = ws;
      ws.binaryType = 'arraybuffer';
      let opened = false;
      ws.onopen = () => {
        opened = true;
        backoff = 250;
        options.onStatus?.('open');
        resolve();
      };
      ws.onmessage = (event: { data: unknown }) => onMessage(event.data);
      ws.onerror = () => {
        /* a close event always follows */
      };
      ws.onclose = (event: { code: number; reason: string }) => {
        if (socket !== ws) return;
        const why = event.reason || `code ${event.code}`;
        dropPending(why);
        if (!opened) {
          reject(
            new ContractError(
              'INTERNAL',
              `Could not connect to the Latent Explorer host at ${url.replace(/token=[^&]*/, 'token=…')} (${why}). ` +
                'Check that it is running and that the address (with its token) is the one it printed.',
            ),
          );
        }
        if (closedByUser || !reconnect) {
          options.onStatus?.('closed');
          return;
        }
        if (opened) scheduleReconnect();
      };
    });

  const scheduleReconnect = (): void => {
    options.onStatus?.('reconnecting');
    ready = new Promise<void>((resolve, reject) => {
      giveUp = reject;
      const attempt = (): void => {
        if (closedByUser) return;
        open().then(resolve, () => {
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
          setTimeout(attempt, backoff);
        });
      };
      setTimeout(attempt, backoff);
    });
    ready.catch(() => {});
  };

  const api: WsApi = {
    async call<K extends CallName>(name: K, arg: CallArg<K>): Promise<CallResult<K>> {
      if (closedByUser) throw new ContractError('INTERNAL', 'This connection to the host was closed.');
      if (socket.readyState !== OPEN) await ready;
      const id = nextId++;
      const frame = encodeMessage({ t: 'call', id, name, arg });
      return new Promise<CallResult<K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        try {
          socket.send(frame);
        } catch (e) {
          pending.delete(id);
          reject(toContractError(e));
        }
      });
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    close() {
      closedByUser = true;
      dropPending('closed by the page');
      giveUp(new ContractError('INTERNAL', 'This connection to the host was closed.'));
      socket.close(1000, 'bye');
    },
  };

  ready = open();
  return ready.then(() => api);
}
