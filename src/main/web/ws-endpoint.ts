// The contract over a WebSocket: each call frame is answered by a result or error frame with the
// same id; every service event is pushed to every connected client. Never throws on client input.
import type { WebSocket, WebSocketServer } from 'ws';
import { EVENT_NAMES, toContractError, type LatentApi, type Unsubscribe } from '../../shared/contract.js';
import { decodeMessage, encodeMessage, peekCallId, type WireFrame, type WireMessage } from '../../shared/wire.js';
import { startHeartbeat, type HeartbeatOptions } from './heartbeat.js';

function send(socket: WebSocket, frame: WireFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(frame, { binary: typeof frame !== 'string' });
}

function encodeOrError(message: WireMessage, id: number | null): WireFrame {
  try {
    return encodeMessage(message);
  } catch (e) {
    const { code, message: text } = toContractError(e);
    return encodeMessage({ t: 'error', id, error: { code, message: text } });
  }
}

function handleSocket(socket: WebSocket, service: Promise<LatentApi>): void {
  const inFlight = new Set<number>();
  let open = true;
  socket.on('close', () => {
    // Pending calls of a closed socket finish in the service and their answers are dropped.
    open = false;
    inFlight.clear();
  });
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    const raw = Array.isArray(data) ? Buffer.concat(data) : data;
    const frame: WireFrame = !isBinary ? raw.toString() : raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
    let message: WireMessage;
    try {
      message = decodeMessage(frame);
    } catch (e) {
      const { code, message: text } = toContractError(e);
      send(socket, encodeMessage({ t: 'error', id: peekCallId(frame), error: { code, message: text } }));
      return;
    }
    if (message.t !== 'call') {
      const error = { code: 'BAD_ARGUMENT' as const, message: `A client may only send calls, not "${message.t}".` };
      send(socket, encodeMessage({ t: 'error', id: null, error }));
      return;
    }
    const { id, name, arg } = message;
    if (inFlight.has(id)) {
      const error = { code: 'BAD_ARGUMENT' as const, message: `Request id ${id} is already in flight; use a new id.` };
      send(socket, encodeMessage({ t: 'error', id, error }));
      return;
    }
    inFlight.add(id);
    // The service validates the argument itself (BAD_ARGUMENT with the field at fault).
    service
      .then((api) => api.call(name, arg as never))
      .then(
        (result) => encodeOrError({ t: 'result', id, result }, id),
        (e: unknown) => {
          const { code, message: text } = toContractError(e);
          return encodeMessage({ t: 'error', id, error: { code, message: text } });
        },
      )
      .then((reply) => {
        if (!open) return;
        inFlight.delete(id);
        send(socket, reply);
      });
  });
}

/**
 * Binds the service to the server's connections; returns the unbinding. The service may still be
 * starting: calls wait for it (and fail with its start error), so the host can listen at once.
 */
export function bindContract(
  wss: WebSocketServer,
  service: Promise<LatentApi>,
  heartbeatOptions?: HeartbeatOptions,
): Unsubscribe {
  const heartbeat = startHeartbeat(heartbeatOptions);
  wss.on('connection', (socket) => {
    heartbeat.watch(socket);
    handleSocket(socket, service);
  });
  let unbound = false;
  let unsubscribes: Unsubscribe[] = [];
  service.then(
    (api) => {
      if (unbound) return;
      unsubscribes = EVENT_NAMES.map((name) =>
        api.on(name, (payload) => {
          if (wss.clients.size === 0) return;
          // Encoded once, sent to all.
          const frame = encodeOrError({ t: 'event', name, payload }, null);
          for (const client of wss.clients) send(client, frame);
        }),
      );
    },
    () => {},
  );
  return () => {
    unbound = true;
    heartbeat.stop();
    for (const u of unsubscribes) u();
  };
}
