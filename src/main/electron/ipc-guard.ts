// The checks every IPC handler runs, as pure functions (tested without Electron):
// who sent it, which call it names, and how errors cross back to the renderer.
import { CALL_NAMES, ContractError, toContractError, type CallName, type LatentApi } from '../../shared/contract.js';

/** What a handler knows about the frame that sent an IPC message. */
export interface SenderInfo {
  /** webContents id of the sender. */
  webContentsId: number;
  /** Whether the sending frame is its webContents' main (top) frame, not an iframe. */
  isMainFrame: boolean;
  /** URL of the sending frame; null when the frame is gone. */
  url: string | null;
}

export interface TrustedOrigin {
  /** Our window's webContents id; null before the window exists or after it closed. */
  webContentsId: number | null;
  /** The URL our window loads: file://…/index.html, or the dev server's URL. */
  appUrl: string;
}

/**
 * Whether `url` is our app page: for file: URLs the same file (query and hash ignored); for
 * http(s) (dev server) the same origin. Anything else (other files, other hosts, about:blank,
 * data:) is foreign.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let u: URL;
  let app: URL;
  try {
    u = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (u.protocol !== app.protocol) return false;
  if (app.protocol === 'file:')
    return decodeURIComponent(u.pathname) === decodeURIComponent(app.pathname) && u.host === app.host;
  if (app.protocol === 'http:' || app.protocol === 'https:') return u.origin === app.origin;
  return false;
}

/** Throws UNAUTHORIZED unless the message comes from our window's main frame showing our page. */
export function assertTrustedSender(sender: SenderInfo, trusted: TrustedOrigin): void {
  if (trusted.webContentsId === null || sender.webContentsId !== trusted.webContentsId) {
    throw new ContractError('UNAUTHORIZED', 'This request did not come from the Latent Explorer window.');
  }
  if (!sender.isMainFrame) {
    throw new ContractError('UNAUTHORIZED', 'Requests from embedded frames are not accepted.');
  }
  if (sender.url === null || !isAppUrl(sender.url, trusted.appUrl)) {
    throw new ContractError('UNAUTHORIZED', 'Requests are accepted only from the Latent Explorer page.');
  }
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
}

/** Electron keeps only an Error's message across invoke(); the code travels inside it. */
export function encodeError(err: unknown): Error {
  const e = toContractError(err);
  return new Error(`[${e.code}] ${e.message}`);
}

/** Checks a call's argument; returns it as the service should get it (e.g. unknown fields dropped). */
export type ArgValidator = (name: CallName, arg: unknown) => unknown;

/**
 * The body of the 'latent:call' handler once the sender is trusted: name check, argument
 * validation, the service call; any failure is rethrown in the encoded form.
 */
export async function dispatchCall(
  service: Pick<LatentApi, 'call'>,
  validate: ArgValidator,
  name: unknown,
  arg: unknown,
): Promise<unknown> {
  try {
    if (!isCallName(name)) {
      throw new ContractError('BAD_ARGUMENT', `Unknown call ${JSON.stringify(name)}.`);
    }
    const checked = validate(name, arg);
    return await (service.call as (n: CallName, a: unknown) => Promise<unknown>)(name, checked);
  } catch (err) {
    throw encodeError(err);
  }
}
