// The renderer's one way to the service: the preload's window.latent in Electron, else the browser
// host's WebSocket. Synchronous on purpose (module-level `const { api, host } = getApi()` in the UI):
// in the browser the returned api connects once and its calls wait for the connection.
import type { HostBridge, LatentApi } from '../../shared/contract';
import { connectWs } from './ws-client';

export type ConnectionStatus = 'open' | 'reconnecting' | 'closed';

let cached: { api: LatentApi; host: HostBridge } | null = null;
const statusListeners = new Set<(status: ConnectionStatus) => void>();

/**
 * Follows the browser host's socket: 'reconnecting' when it drops, 'open' when it is back. Never
 * called in Electron (IPC does not drop). Returns the unsubscribe.
 */
export function onConnectionStatus(listener: (status: ConnectionStatus) => void): () => void {
  statusListeners.add(listener);
  return () => void statusListeners.delete(listener);
}

function reportStatus(status: ConnectionStatus): void {
  for (const listener of statusListeners) listener(status);
}

export function getApi(): { api: LatentApi; host: HostBridge } {
  if (cached) return cached;
  const latent = window.latent;
  cached = latent
    ? { api: latent, host: latent.host }
    : { api: lazyWsApi(wsUrl(window.location)), host: { kind: 'web' } };
  return cached;
}

/** ws(s)://<host>/ws?token=… — the token from the page's address (the host keeps it out of cookies). */
export function wsUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

function lazyWsApi(url: string): LatentApi {
  const connection = connectWs(url, { onStatus: reportStatus });
  connection.catch((e: unknown) => console.error('latent-explorer:', e));
  return {
    call: (name, arg) => connection.then((c) => c.call(name, arg)),
    on(event, listener) {
      let unsubscribe: (() => void) | null = null;
      let cancelled = false;
      void connection.then(
        (c) => {
          if (!cancelled) unsubscribe = c.on(event, listener);
        },
        () => {},
      );
      return () => {
        cancelled = true;
        unsubscribe?.();
      };
    },
  };
}
