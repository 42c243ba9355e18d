// The worker protocol: transfer preparation, error serialisation, and — through the real training
// worker thread — request ids, errors arriving as ContractErrors, typed arrays arriving as typed
// arrays, and a crash rejecting every pending request.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, DEFAULT_TRAIN_CONFIG } from '../../shared/contract.js';
import { resolveWorkerEntry, WorkerClient, type NonResponse } from '../service/worker-client.js';
import { deserialiseError, prepareTransfer, serialiseError } from './protocol.js';
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

describe('the training worker over the protocol', () => {
  let client: WorkerClient | null = null;
  let dataDir = '';
  afterEach(async () => {
    await client?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ c: WorkerClient; messages: NonResponse[]; crashes: string[] }> {
    const messages: NonResponse[] = [];
    const crashes: string[] = [];
    dataDir = await mkdtemp(join(tmpdir(), 'latent-protocol-'));
    const c = new WorkerClient(
      resolveWorkerEntry(),
      (m) => messages.push(m),
      (r) => crashes.push(r),
    );
    client = c;
    await c.request({
      type: 'init',
      init: { dataDir, resourcesDir: resolve(import.meta.dirname, '../../../resources') },
    });
    return { c, messages, crashes };
  }

  it('matches concurrent responses to their requests, errors as ContractErrors, typed arrays as typed arrays', async () => {
    const { c, messages } = await start();
    const [info, list, state, noModel] = await Promise.all([
      c.request({ type: 'call', name: 'dataset.info', arg: undefined }),
      c.request({ type: 'call', name: 'model.list', arg: undefined }),
      c.request({ type: 'call', name: 'train.state', arg: undefined }),
      c.request({ type: 'call', name: 'model.save', arg: { name: 'x' } }).catch((e: unknown) => e),
    ]);
    expect([info, list, state]).toEqual([null, [], 'idle']);
    expect(noModel).toBeInstanceOf(ContractError);
    expect((noModel as ContractError).code).toBe('MODEL_NOT_LOADED');

    await c.request({
      type: 'call',
      name: 'dataset.open',
      arg: { source: { kind: 'builtin', name: 'mnist' }, jobId: 'j1' },
    });
    expect(messages.some((m) => m.type === 'event' && m.name === 'job.progress' && m.payload.jobId === 'j1')).toBe(
      true,
    );
    expect(messages.some((m) => m.type === 'state' && m.state.dataset?.source.kind === 'builtin')).toBe(true);
    const labels = await c.request({ type: 'call', name: 'dataset.labels', arg: undefined });
    expect(labels).toBeInstanceOf(Int32Array);
    expect((labels as Int32Array).length).toBe(10_000);
    const images = (await c.request({ type: 'call', name: 'dataset.images', arg: { indices: [3, 1, 4] } })) as {
      data: Uint8Array;
      n: number;
    };
    expect(images.data).toBeInstanceOf(Uint8Array);
    // A compact copy per call, not the whole dataset's buffer.
    expect(images.data.buffer.byteLength).toBe(3 * 784);
    // Transferred results do not detach the worker's own data: a second read is identical.
    const labels2 = await c.request({ type: 'call', name: 'dataset.labels', arg: undefined });
    expect(labels2).toEqual(labels);
  });

  it('rejects every pending request with WORKER_CRASHED when the worker crashes', async () => {
    const { c, crashes, messages } = await start();
    await c.request({
      type: 'call',
      name: 'dataset.open',
      arg: { source: { kind: 'builtin', name: 'mnist' }, jobId: 'load' },
    });
    // A training held paused: its request stays pending until the crash.
    const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2, epochs: 100, limit: 500 };
    const pending = c.request({ type: 'call', name: 'train.start', arg: { config, jobId: 'train' } });
    while (!messages.some((m) => m.type === 'event' && m.name === 'train.step'))
      await new Promise((r) => setTimeout(r, 5));
    await c.request({ type: 'call', name: 'train.pause', arg: undefined });
    const settled = pending.then(
      () => null,
      (e: unknown) => e as ContractError,
    );
    // The crash may overtake the reply to the crash request itself: both ends are fine.
    await c.request({ type: 'debug.crash' }).catch(() => undefined);
    const err = await settled;
    expect(err?.code).toBe('WORKER_CRASHED');
    expect(err?.message).toMatch(/stopped unexpectedly/);
    expect(crashes).toHaveLength(1);
    expect(c.alive).toBe(false);
    await expect(c.request({ type: 'call', name: 'dataset.info', arg: undefined })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
    });
  });
});
