// Who may talk to the browser host: whoever holds the token (printed once on stdout), from a page of
// the host's own origin. The token rides in ?token= or in a cookie set on the first authorised page
// load, so the page's own asset and WebSocket requests carry it without the page knowing it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Cookies are not port-scoped: two hosts on one machine need distinct cookie names. */
export function cookieName(port: number): string {
  return `latent_token_${port}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** How a request proved itself: by the query token (set the cookie), by the cookie, or not at all. */
export function authorise(req: IncomingMessage, token: string, port: number): 'query' | 'cookie' | null {
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
  if (query !== null && sameSecret(query, token)) return 'query';
  const cookie = cookieValue(req.headers.cookie, cookieName(port));
  if (cookie !== null && sameSecret(cookie, token)) return 'cookie';
  return null;
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1' || h === '::ffff:127.0.0.1';
}

/**
 * The WebSocket upgrade must come from a page of this host: Origin equal to http://<Host header>, and on
 * a loopback bind the Host header must name the loopback itself (a DNS-rebound name is refused).
 * Browsers always send Origin on a WebSocket; a non-browser client has to set it.
 */
export function originAllowed(req: IncomingMessage, boundHost: string, port: number): boolean {
  const origin = req.headers.origin;
  const hostHeader = req.headers.host;
  if (!origin || !hostHeader) return false;
  if (origin !== `http://${hostHeader}` && origin !== `https://${hostHeader}`) return false;
  if (!isLoopback(boundHost)) return true;
  let url: URL;
  try {
    url = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  return isLoopback(url.hostname) && Number(url.port || 80) === port;
}
