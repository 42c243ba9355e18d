// The built preload (out/preload/index.cjs, from `npm run build`) run the way a sandboxed preload
// runs: a CommonJS script whose only module is 'electron'. Skipped, saying so, before a build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../shared/contract.js';
import { CHANNELS } from './channels.js';

const bundle = join(import.meta.dirname, '..', '..', '..', 'out', 'preload', 'index.cjs');

describe.skipIf(!existsSync(bundle))('built preload (out/preload/index.cjs; run `npm run build` first)', () => {
  function load() {
    const exposed = new Map<string, unknown>();
    const required: string[] = [];
    const invoked: unknown[][] = [];
    const subscribed: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve('reply');
        },
        on: (channel: string) => subscribed.push(channel),
      },
    };
    const module = { exports: {} };
    vm.runInNewContext(readFileSync(bundle, 'utf8'), {
      module,
      exports: module.exports,
      console,
      require: (id: string) => {
        required.push(id);
        if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
        return electron;
      },
    });
    return { exposed, required, invoked, subscribed };
  }

  it('is CommonJS that requires only electron and exposes only window.latent', () => {
    const { exposed, required, subscribed } = load();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['latent']);
    const latent = exposed.get('latent') as Record<string, unknown>;
    expect(Object.keys(latent).sort()).toEqual(['call', 'host', 'on', 'onMenu']);
    expect(subscribed.sort()).toEqual([CHANNELS.event, CHANNELS.menu].sort());
  });

  it('forwards contract calls to the call channel and refuses others', async () => {
    const { exposed, invoked } = load();
    const latent = exposed.get('latent') as { call(name: string, arg: unknown): Promise<unknown> };
    await expect(latent.call(CALL_NAMES[0], undefined)).resolves.toBe('reply');
    await expect(latent.call('process.exit', undefined)).rejects.toThrow(/BAD_ARGUMENT/);
    expect(invoked).toEqual([[CHANNELS.call, CALL_NAMES[0], undefined]]);
  });
});
