// window.latent as the preload builds it, over an injected IPC transport standing in for
// ipcRenderer (the transport is not under test; what the page can reach through the bridge is).
import { describe, expect, it } from 'vitest';
import {
  CALL_NAMES,
  EVENT_NAMES,
  toContractError,
  type ContractEvents,
  type MenuAction,
} from '../../shared/contract.js';
import { buildBridge, type IpcTransport } from '../../preload/bridge.js';
import { CHANNELS } from './channels.js';

function fakeTransport(reply: (channel: string, args: unknown[]) => Promise<unknown> = () => Promise.resolve(null)) {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const transport: IpcTransport = {
    invoke: (channel, ...args) => {
      invoked.push([channel, args]);
      return reply(channel, args);
    },
    on: (channel, listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
  };
  const emit = (channel: string, ...args: unknown[]): void => {
    for (const l of listeners.get(channel) ?? []) l(...args);
  };
  return { transport, invoked, listeners, emit };
}

describe('preload bridge', () => {
  it('exposes only call, on, onMenu and host — never a raw IPC object', () => {
    const bridge = buildBridge(fakeTransport().transport);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'host', 'on', 'onMenu']);
    expect(Object.keys(bridge.host).sort()).toEqual([
      'kind',
      'pickExportDir',
      'pickFolder',
      'pickModelDir',
      'pickOnnxFile',
      'pickSavePath',
    ]);
    expect(bridge.host.kind).toBe('electron');
  });

  it('listens on the event and menu channels only', () => {
    const t = fakeTransport();
    buildBridge(t.transport);
    expect([...t.listeners.keys()].sort()).toEqual([CHANNELS.event, CHANNELS.menu].sort());
  });

  it('sends every contract call over the call channel with its argument, typed arrays intact', async () => {
    const t = fakeTransport(() => Promise.resolve({ n: 1 }));
    const bridge = buildBridge(t.transport);
    const z = { data: new Float32Array([0.5, -1]), rows: 1, cols: 2 };
    await expect(bridge.call('latent.decode', { z })).resolves.toEqual({ n: 1 });
    expect(t.invoked).toEqual([[CHANNELS.call, ['latent.decode', { z }]]]);
    expect((t.invoked[0]![1][1] as { z: { data: unknown } }).z.data).toBeInstanceOf(Float32Array);
    for (const name of CALL_NAMES) await bridge.call(name, undefined as never);
    expect(t.invoked.map(([, args]) => args[0])).toEqual(['latent.decode', ...CALL_NAMES]);
  });

  it('refuses names outside the contract without touching IPC', async () => {
    const t = fakeTransport();
    const bridge = buildBridge(t.transport);
    await expect(bridge.call('fs.delete' as never, {} as never)).rejects.toThrow(
      /^\[BAD_ARGUMENT\] Unknown call "fs\.delete"/,
    );
    expect(() => bridge.on('ipc.raw' as never, () => undefined)).toThrow(/^\[BAD_ARGUMENT\] Unknown event/);
    expect(() => bridge.on('train.step', 'not a function' as never)).toThrow(/BAD_ARGUMENT/);
    expect(t.invoked).toEqual([]);
  });

  it('turns Electron-wrapped errors into "[CODE] message" the renderer parses', async () => {
    const t = fakeTransport(() =>
      Promise.reject(
        new Error("Error invoking remote method 'latent:call': Error: [DATASET_EMPTY] The folder has no images."),
      ),
    );
    const err = await buildBridge(t.transport)
      .call('dataset.info', undefined)
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('[DATASET_EMPTY] The folder has no images.');
    expect(toContractError(err).code).toBe('DATASET_EMPTY');
  });

  it('delivers each contract event to its listeners until they unsubscribe', () => {
    const t = fakeTransport();
    const bridge = buildBridge(t.transport);
    const steps: ContractEvents['train.step'][] = [];
    const states: unknown[] = [];
    const off = bridge.on('train.step', (p) => steps.push(p));
    bridge.on('train.state', (p) => states.push(p));
    const step = {
      jobId: 'j',
      epoch: 0,
      step: 1,
      stepsPerEpoch: 10,
      globalStep: 1,
      loss: 200,
      recon: 190,
      kl: 10,
      imagesPerSecond: 900,
      etaSeconds: 3,
    };
    t.emit(CHANNELS.event, 'train.step', step);
    t.emit(CHANNELS.event, 'train.state', { state: 'running' });
    t.emit(CHANNELS.event, 'not.an.event', { x: 1 });
    off();
    t.emit(CHANNELS.event, 'train.step', { ...step, step: 2 });
    expect(steps).toEqual([step]);
    expect(states).toEqual([{ state: 'running' }]);
    expect(EVENT_NAMES.every((name) => typeof bridge.on(name, () => undefined) === 'function')).toBe(true);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const t = fakeTransport();
    const bridge = buildBridge(t.transport);
    const got: unknown[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      bridge.on('model.changed', () => {
        throw new Error('listener bug');
      });
      bridge.on('model.changed', (p) => got.push(p));
      t.emit(CHANNELS.event, 'model.changed', null);
    } finally {
      console.error = originalError;
    }
    expect(got).toEqual([null]);
  });

  it('passes menu actions of the contract to onMenu and drops others', () => {
    const t = fakeTransport();
    const bridge = buildBridge(t.transport);
    const actions: MenuAction[] = [];
    const off = bridge.onMenu((a) => actions.push(a));
    t.emit(CHANNELS.menu, 'open-folder');
    t.emit(CHANNELS.menu, 'rm -rf');
    t.emit(CHANNELS.menu, 'export-gif');
    off();
    t.emit(CHANNELS.menu, 'open-model');
    expect(actions).toEqual(['open-folder', 'export-gif']);
  });

  it('host pickers invoke their own channels and return a path or null', async () => {
    const t = fakeTransport((channel) =>
      Promise.resolve(channel === CHANNELS.pickSavePath ? '/home/u/walk.gif' : undefined),
    );
    const bridge = buildBridge(t.transport);
    const filters = [{ name: 'GIF', extensions: ['gif'] }];
    await expect(bridge.host.pickSavePath!('walk.gif', filters)).resolves.toBe('/home/u/walk.gif');
    await expect(bridge.host.pickFolder!()).resolves.toBeNull();
    await expect(bridge.host.pickModelDir!()).resolves.toBeNull();
    await expect(bridge.host.pickOnnxFile!('decoder')).resolves.toBeNull();
    await expect(bridge.host.pickExportDir!()).resolves.toBeNull();
    expect(t.invoked).toEqual([
      [CHANNELS.pickSavePath, ['walk.gif', filters]],
      [CHANNELS.pickFolder, []],
      [CHANNELS.pickModelDir, []],
      [CHANNELS.pickOnnxFile, ['decoder']],
      [CHANNELS.pickExportDir, []],
    ]);
  });
});
