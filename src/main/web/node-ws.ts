// A WebSocket constructor for Node clients of the host (tests, scripts): the `ws` package's, sending the
// Origin header a browser would send for a page of that host (the host refuses upgrades without it).
import WebSocket from 'ws';
import type { WebSocketCtor } from '../../renderer/lib/ws-client.js';

export function nodeWebSocket(origin?: string): WebSocketCtor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin: origin ?? new URL(url).origin.replace(/^ws/, 'http') });
    }
  };
}
