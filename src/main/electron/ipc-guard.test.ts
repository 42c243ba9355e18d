// The IPC handler's checks, run as the handler runs them, with the real argument validator.
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContractError, toContractError, type CallName, type LatentApi } from '../../shared/contract.js';
import { validateCallArg } from '../../shared/validate.js';
import { assertTrustedSender, dispatchCall, encodeError, isAppUrl, isCallName } from './ipc-guard.js';

const appUrl = pathToFileURL('/opt/Latent Explorer/resources/app.asar/out/renderer/index.html').href;
const trusted = { webContentsId: 7, appUrl };
const ours = { webContentsId: 7, isMainFrame: true, url: appUrl };

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof ContractError ? err.code : 'not-a-contract-error';
  }
}

describe('sender check', () => {
  it('accepts our window main frame on our page, hash and query included', () => {
    expect(codeOf(() => assertTrustedSender(ours, trusted))).toBeNull();
    expect(codeOf(() => assertTrustedSender({ ...ours, url: `${appUrl}?x=1#/explore` }, trusted))).toBeNull();
  });

  it('refuses another webContents, an iframe, another page, a closed frame, or no window', () => {
    expect(codeOf(() => assertTrustedSender({ ...ours, webContentsId: 8 }, trusted))).toBe('UNAUTHORIZED');
    expect(codeOf(() => assertTrustedSender({ ...ours, isMainFrame: false }, trusted))).toBe('UNAUTHORIZED');
    expect(codeOf(() => assertTrustedSender({ ...ours, url: 'file:///tmp/evil.html' }, trusted))).toBe('UNAUTHORIZED');
    expect(codeOf(() => assertTrustedSender({ ...ours, url: 'https://example.com/' }, trusted))).toBe('UNAUTHORIZED');
    expect(codeOf(() => assertTrustedSender({ ...ours, url: null }, trusted))).toBe('UNAUTHORIZED');
    expect(codeOf(() => assertTrustedSender(ours, { ...trusted, webContentsId: null }))).toBe('UNAUTHORIZED');
  });

  it('matches file pages by path and the dev server by origin only', () => {
    expect(isAppUrl(appUrl.replace('index.html', 'other.html'), appUrl)).toBe(false);
    expect(isAppUrl('about:blank', appUrl)).toBe(false);
    expect(isAppUrl('data:text/html,hi', appUrl)).toBe(false);
    expect(isAppUrl('not a url', appUrl)).toBe(false);
    const dev = 'http://localhost:5173/';
    expect(isAppUrl('http://localhost:5173/index.html?t=1', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
  });
});

describe('call dispatch', () => {
  // A service that records what reached it: the thing under test is the dispatch in front of it.
  function recordingService(
    result: unknown = 'ok',
    fail?: unknown,
  ): { api: Pick<LatentApi, 'call'>; seen: [string, unknown][] } {
    const seen: [string, unknown][] = [];
    const api = {
      call: (name: CallName, arg: unknown) => {
        seen.push([name, arg]);
        return fail === undefined ? Promise.resolve(result) : Promise.reject(fail);
      },
    } as Pick<LatentApi, 'call'>;
    return { api, seen };
  }

  it('knows exactly the contract names', () => {
    expect(isCallName('latent.decode')).toBe(true);
    expect(isCallName('latent.decode ')).toBe(false);
    expect(isCallName('__proto__')).toBe(false);
    expect(isCallName(42)).toBe(false);
  });

  it('passes a valid call through the real validator to the service', async () => {
    const { api, seen } = recordingService({ version: '0.1.0' });
    await expect(dispatchCall(api, validateCallArg, 'job.cancel', { jobId: 'j1' })).resolves.toEqual({
      version: '0.1.0',
    });
    expect(seen).toEqual([['job.cancel', { jobId: 'j1' }]]);
  });

  it('refuses an unknown name and a bad argument before the service, with a coded message', async () => {
    const { api, seen } = recordingService();
    await expect(dispatchCall(api, validateCallArg, 'shell.exec', {})).rejects.toThrow(
      /^\[BAD_ARGUMENT\] Unknown call "shell\.exec"/,
    );
    await expect(dispatchCall(api, validateCallArg, 'latent.samples', { n: 'many', seed: 1 })).rejects.toThrow(
      /^\[BAD_ARGUMENT\] /,
    );
    expect(seen).toEqual([]);
  });

  it('encodes service failures so the renderer gets the code back', async () => {
    const { api } = recordingService(undefined, new ContractError('MODEL_NOT_LOADED', 'Train or open a model first.'));
    const err = await dispatchCall(api, validateCallArg, 'latent.klPerDim', undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('[MODEL_NOT_LOADED] Train or open a model first.');
    // What Electron delivers to the renderer: its own prefix in front of our message.
    const delivered = new Error(`Error invoking remote method 'latent:call': Error: ${(err as Error).message}`);
    expect(toContractError(delivered).toJSON()).toEqual({
      code: 'MODEL_NOT_LOADED',
      message: 'Train or open a model first.',
    });
  });

  it('encodes a plain error as INTERNAL and keeps its message', () => {
    expect(encodeError(new Error('disk full')).message).toBe('[INTERNAL] disk full');
    expect(encodeError('weird').message).toBe('[INTERNAL] weird');
  });
});
