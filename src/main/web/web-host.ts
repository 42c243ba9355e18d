// The browser host: the built renderer over HTTP and the contract over a WebSocket at /ws, guarded by
// a token and (for the socket) the page's origin. No Electron here.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { toContractError, type LatentApi } from '../../shared/contract.js';
import { authorise, hostAllowed, isLoopback, newToken, originAllowed } from './auth.js';
import { confineService, resolveRoots } from './confine.js';
import { createDefaultService } from './load-service.js';
import { SECURITY_HEADERS, sendText, serveStatic } from './static-files.js';
import { bindContract } from './ws-endpoint.js';

export type LatentService = LatentApi & { close(): Promise<void> };

export interface WebHostOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1; anything not loopback is warned about on stderr. */
  host?: string;
  dataDir: string;
  resourcesDir: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Default: a fresh random token. */
  token?: string;
  /**
   * The folders a client may list and read from (symlinks resolved); default the user's home folder.
   * The data folder is always allowed. The host writes nowhere a client names (exports are downloads).
   */
  roots?: string[];
  /** Default: a service created here, and closed by close(). A given service stays the caller's. */
  service?: LatentService;
  /** Test hooks of the service created here (e2e only). */
  testHooks?: boolean;
}

export interface WebHost {
  url: string;
  token: string;
  /** Resolves when the service is up (rejects with its start error). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Calls carry small arguments (a batch of z at most): anything larger is refused by closing the socket. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

const UNAUTHORISED_TEXT =
  'Unauthorized: open the address that `latent-explorer serve` printed; it ends with ?token=… and that token is required.';

/** The HTML page (what a person opens), as opposed to the assets it loads. */
function isPage(req: IncomingMessage): boolean {
  let pathname: string;
  try {
    // Decoded as serveStatic decodes it: /%69ndex.html is the page too.
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return true;
  }
  return pathname.endsWith('/') || pathname.toLowerCase().endsWith('.html');
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = text + '\n';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  if (!isLoopback(host)) {
    process.stderr.write(
      `latent-explorer: warning: listening on ${host}, not loopback: anyone who can reach this machine and learns ` +
        'the token can use it, and traffic is not encrypted. Prefer 127.0.0.1 with an SSH tunnel.\n',
    );
  }
  // Checked before anything listens: a mistyped --root is an error at start, not a refusal later.
  const userRoots = await resolveRoots(options.roots ?? [homedir()]);
  let port = 0;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req, host, port)) {
      sendText(res, 403, `Forbidden: this host answers only as 127.0.0.1:${port} or localhost:${port}.`);
      return;
    }
    // The page itself needs the token (a clear refusal for a mistyped address); its assets are the
    // app's public build. No cookie is ever set: see auth.ts.
    if (isPage(req) && !authorise(req, token)) {
      sendText(res, 401, UNAUTHORISED_TEXT);
      return;
    }
    serveStatic(req, res, options.rendererDir, {}).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Could not read that file.');
      else res.destroy();
    });
  };
  const server = createServer(onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname !== '/ws') return refuseUpgrade(socket, 404, 'The WebSocket endpoint is /ws.');
    if (!authorise(req, token)) return refuseUpgrade(socket, 401, UNAUTHORISED_TEXT);
    if (!originAllowed(req, host, port)) {
      return refuseUpgrade(socket, 403, 'Forbidden: the WebSocket may only be opened by a page of this host.');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  // A client error (bad request line, oversized headers) must never take the host down.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) refuseUpgrade(socket, 400, 'Bad request.');
    else socket.destroy();
  });

  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolve();
    });
  });
  // The service (a worker loading tfjs) starts while the host already listens: the URL is printed at
  // once and early calls wait for it.
  const ownService = !options.service;
  const servicePromise: Promise<LatentService> = options.service
    ? Promise.resolve(options.service)
    : createDefaultService({
        dataDir: options.dataDir,
        resourcesDir: options.resourcesDir,
        testHooks: options.testHooks === true,
      }).catch((e: unknown) => {
        const error = toContractError(e);
        process.stderr.write(`latent-explorer: the service could not start: ${error.message}\n`);
        throw error;
      });
  servicePromise.catch(() => {});
  try {
    await listening;
  } catch (e) {
    servicePromise.then((s) => (ownService ? s.close() : undefined)).catch(() => {});
    throw e;
  }
  // The data folder exists once the service is up (it creates it): resolved then.
  const confined = servicePromise.then(async (s) =>
    confineService(s, await resolveRoots([...userRoots.given, options.dataDir])),
  );
  confined.catch(() => {});
  const unbind = bindContract(wss, confined);

  const ready = servicePromise.then(() => {});
  ready.catch(() => {});
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    token,
    ready,
    close() {
      closing ??= (async () => {
        unbind();
        for (const client of wss.clients) client.close(1001, 'The Latent Explorer host is shutting down.');
        // Give the close frames a moment, then cut whatever is left.
        await new Promise((r) => setTimeout(r, 100).unref());
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        if (ownService)
          await servicePromise.then(
            (s) => s.close(),
            () => {},
          );
      })();
      return closing;
    },
  };
}

export { SECURITY_HEADERS };
