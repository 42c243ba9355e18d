// The engine protocol: transfer preparation, error serialisation, and — through the real engine
// process (forked) — request ids, errors arriving as ContractErrors, typed arrays arriving as typed
// arrays, and a kill -9 reported as the process's death with its signal.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineExit } from '../service/engine-transport.js';
import { forkEngine } from '../service/fork-engine.js';
import { EngineClient, type NonResponse } from '../service/worker-client.js';
import { CALL_NAMES, ContractError, DEFAULT_TRAIN_CONFIG } from '../../shared/contract.js';
import { deserialiseError, HOST_CALLS, prepareTransfer, serialiseError } from './protocol.js';
import { HANDLERS, type HandlerTable } from './runtime.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('prepareTransfer', () => {
  it('collects each buffer once and replaces partial views by compact copies', () => {
    const whole = new Float32Array([1, 2, 3]);
    const big = new Uint8Array(1000).map((_, i) => i % 256);
    const view = big.subarray(10, 14);
    const { value, transfer } = prepareTransfer({ a: whole, b: [whole, { c: view }], n: 3, s: 'x', nil: null });
    expect(value.a).toBe(whole);
    const c = value.b[1] as { c: Uint8Array };
    expect(c.c).not.toBe(view);
    expect([...c.c]).toEqual([10, 11, 12, 13]);
    expect(c.c.buffer.byteLength).toBe(4);
    expect(transfer).toHaveLength(2);
    expect(transfer).toContain(whole.buffer);
    expect(transfer).not.toContain(big.buffer);
    expect([value.n, value.s, value.nil]).toEqual([3, 'x', null]);
  });
});

describe('the handler table', () => {
  it('serves exactly the contract calls the service does not answer, and is complete by type', () => {
    const hostCalls: readonly string[] = HOST_CALLS;
    const engineCalls = CALL_NAMES.filter((n) => !hostCalls.includes(n));
    expect(Object.keys(HANDLERS).sort()).toEqual([...engineCalls].sort());
    const { 'latent.decode': _dropped, ...incomplete } = HANDLERS;
    // @ts-expect-error a table without a handler for one call is not a HandlerTable (tsc fails if it were)
    const notATable: HandlerTable = incomplete;
    expect(Object.keys(notATable)).not.toContain('latent.decode');
  });
});

describe('error serialisation', () => {
  it('keeps the code of a ContractError and turns anything else into INTERNAL', () => {
    expect(serialiseError(new ContractError('DATASET_EMPTY', 'No images in /x.'))).toEqual({
      code: 'DATASET_EMPTY',
      message: 'No images in /x.',
    });
    expect(serialiseError(new TypeError('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(serialiseError('odd')).toEqual({ code: 'INTERNAL', message: 'odd' });
    const back = deserialiseError(structuredClone(serialiseError(new ContractError('NOT_FOUND', 'gone'))));
    expect(back).toBeInstanceOf(ContractError);
    expect([back.code, back.message]).toEqual(['NOT_FOUND', 'gone']);
  });
});

describe('the engine process over the protocol', () => {
  let client: EngineClient | null = null;
  let dataDir = '';
  afterEach(async () => {
    await client?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ c: EngineClient; messages: NonResponse[]; deaths: EngineExit[] }> {
    const messages: NonResponse[] = [];
    const deaths: EngineExit[] = [];
    dataDir = await mkdtemp(join(tmpdir(), 'latent-protocol-'));
    const c = new EngineClient(
      forkEngine(),
      { memoryLimitMb: null },
      (m) => messages.push(m),
      (exit) => deaths.push(exit),
    );
    client = c;
    await c.control({
      type: 'init',
      init: { dataDir, resourcesDir: resolve(import.meta.dirname, '../../../resources'), testHooks: false },
    });
    return { c, messages, deaths };
  }

  it('matches concurrent responses to their requests, errors as ContractErrors, typed arrays as typed arrays', async () => {
    const { c, messages } = await start();
    const [info, list, state, noModel] = await Promise.all([
      c.call('dataset.info', undefined),
      c.call('model.list', undefined),
      c.call('train.state', undefined),
      c.call('model.save', { name: 'x' }).catch((e: unknown) => e),
    ]);
    expect([info, list, state]).toEqual([null, [], 'idle']);
    expect(noModel).toBeInstanceOf(ContractError);
    expect((noModel as ContractError).code).toBe('MODEL_NOT_LOADED');

    await c.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'j1' });
    expect(messages.some((m) => m.type === 'event' && m.name === 'job.progress' && m.payload.jobId === 'j1')).toBe(
      true,
    );
    expect(messages.some((m) => m.type === 'state' && m.state.dataset?.source.kind === 'builtin')).toBe(true);
    const labels = await c.call('dataset.labels', undefined);
    expect(labels).toBeInstanceOf(Int32Array);
    expect(labels.length).toBe(10_000);
    const images = await c.call('dataset.images', { indices: [3, 1, 4] });
    expect(images.data).toBeInstanceOf(Uint8Array);
    // A compact copy per call, not the whole dataset's buffer (the receiving side's view may sit in
    // the buffer of the deserialised message, a little larger than the images).
    expect(images.data.byteLength).toBe(3 * 784);
    expect(images.data.buffer.byteLength).toBeLessThan(10 * 784);
    const labels2 = await c.call('dataset.labels', undefined);
    expect(labels2).toEqual(labels);
  });

  it('refuses the debug requests unless the engine was started with test hooks', async () => {
    const { c } = await start();
    await expect(c.control({ type: 'debug.tensors' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('reports a kill -9 of the engine process as its death, with the signal', async () => {
    const { c, deaths, messages } = await start();
    await c.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'load' });
    // A training held paused: its request stays pending until the kill.
    const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2, epochs: 100, limit: 500 };
    const pending = c.call('train.start', { config, jobId: 'train' });
    const settled = pending.then(
      () => null,
      (e: unknown) => e as ContractError,
    );
    while (!messages.some((m) => m.type === 'event' && m.name === 'train.step'))
      await new Promise((r) => setTimeout(r, 5));
    await c.call('train.pause', undefined);
    expect(c.pid).toBeGreaterThan(0);
    process.kill(c.pid!, 'SIGKILL');
    await expect.poll(() => deaths.length).toBe(1);
    expect(deaths[0]).toMatchObject({ signal: 'SIGKILL', outOfMemory: false });
    expect(c.alive).toBe(false);
    // The owner words the error (it knows whether the restart worked); the request waits for it.
    c.rejectAll(new ContractError('WORKER_CRASHED', 'The engine stopped unexpectedly.'));
    expect((await settled)?.code).toBe('WORKER_CRASHED');
    await expect(c.call('dataset.info', undefined)).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
  });
});
