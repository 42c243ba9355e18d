// Who may talk to the browser host: whoever holds the token (printed once on stdout), from a page of
// the host's own origin. The token rides only in URLs of this origin: the page address (?token=) and
// the WebSocket address (/ws?token=). Never in a cookie: cookies are not isolated by port, so every
// other server on 127.0.0.1 would receive it. The page's assets are the app's public build and need
// no token; every call goes over the WebSocket, which needs the token and this origin.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the request's address carries the token (?token=). Cookies are deliberately not read. */
export function authorise(req: IncomingMessage, token: string): boolean {
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
  return query !== null && sameSecret(query, token);
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1' || h === '::ffff:127.0.0.1';
}

/**
 * On a loopback bind, the Host header must name the loopback and our port: a page of a DNS-rebound
 * name (evil.example resolving to 127.0.0.1) is refused before it can read anything.
 */
export function hostAllowed(req: IncomingMessage, boundHost: string, port: number): boolean {
  if (!isLoopback(boundHost)) return true;
  const hostHeader = req.headers.host;
  if (!hostHeader) return false;
  let url: URL;
  try {
    url = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  return isLoopback(url.hostname) && Number(url.port || 80) === port;
}

/**
 * The WebSocket upgrade must come from a page of this host: Origin equal to http://<Host header>, and
 * the Host header allowed (above). Browsers always send Origin on a WebSocket; a non-browser client
 * has to set it.
 */
export function originAllowed(req: IncomingMessage, boundHost: string, port: number): boolean {
  const origin = req.headers.origin;
  const hostHeader = req.headers.host;
  if (!origin || !hostHeader) return false;
  if (origin !== `http://${hostHeader}` && origin !== `https://${hostHeader}`) return false;
  return hostAllowed(req, boundHost, port);
}
