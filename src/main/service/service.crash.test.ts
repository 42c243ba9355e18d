// The engine process dies (kill -9 of the real process, or its memory limit): pending calls reject
// WORKER_CRASHED saying what happened, a fresh engine starts, and the dataset and the checkpointed
// model come back from disk.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type ContractError } from '../../shared/contract.js';
import {
  createLatentService,
  exhaustEngineHeapForTest,
  workerTensorsForTest,
  type LatentService,
} from './latent-service.js';

const resourcesDir = resolve(import.meta.dirname, '../../../resources');
let service: LatentService;
let dataDir: string;

afterAll(async () => {
  await service?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('leaks no tensors, and restarts a killed engine with the dataset and the last checkpoint', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latent-crash-'));
  service = await createLatentService({ dataDir, resourcesDir, host: 'in-process', testHooks: true });
  await service.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'load' });
  const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [32], latent: 4, epochs: 1, limit: 500 };
  await service.call('train.start', { config, jobId: 'train' });
  const z = { data: new Float32Array([0.1, -0.2, 0.3, 0.4]), rows: 1, cols: 4 };
  const before = await service.call('latent.decode', { z });

  // No tensor leaks across the service's latent and export calls.
  const tensors = await workerTensorsForTest(service);
  await service.call('latent.samples', { n: 3, seed: 1 });
  await service.call('latent.walk', { base: { kind: 'image', index: 2 }, steps: 3, span: 2 });
  await service.call('latent.interpolate', { from: 0, to: 1, ts: [0, 0.5, 1], mode: 'slerp' });
  await service.call('latent.reconstruct', { indices: [4] });
  await service.call('latent.project', { spec: { method: 'pca' } });
  await service.call('metrics.evaluate', { iwSamples: 2, jobId: 'leak' });
  await service.call('export.png', { grid: { kind: 'reconstructions' } });
  await service.call('export.gif', {
    source: { kind: 'interpolation', from: 0, to: 1, mode: 'linear' },
    options: { frames: 3, fps: 5, size: 28, pingpong: false },
  });
  expect(await workerTensorsForTest(service)).toBe(tensors);

  const changed: string[] = [];
  service.on('dataset.changed', () => void changed.push('dataset'));
  service.on('model.changed', () => void changed.push('model'));
  const announced: string[] = [];
  service.on('engine.restarted', (e) => void announced.push(e.message));
  // A call in flight when the worker dies.
  const pending = service.call('metrics.evaluate', { iwSamples: 200, jobId: 'eval' });
  const settled = pending.then(
    () => null,
    (e: unknown) => e as ContractError,
  );
  const { engine } = await service.call('app.info', undefined);
  expect(engine.pid).not.toBe(process.pid);
  process.kill(engine.pid!, 'SIGKILL');
  const err = await settled;
  expect(err?.code).toBe('WORKER_CRASHED');
  expect(err?.message).toBe(
    'The engine stopped unexpectedly: it was killed (SIGKILL), by a person or by the system when memory ran out; ' +
      'it was restarted and the dataset reloaded; the last checkpoint from epoch 1 is kept and open.',
  );
  // Every listener hears it too, whether or not a call was waiting.
  expect(announced).toEqual([err?.message]);
  const after = await service.call('app.info', undefined);
  expect(after.engine.crashes).toBe(1);
  expect(after.engine.pid).not.toBe(engine.pid);
  expect(alive(after.engine.pid!)).toBe(true);

  // The next calls wait for the fresh worker and its restore.
  expect((await service.call('dataset.info', undefined))?.count).toBe(10_000);
  const model = await service.call('model.info', undefined);
  expect(model?.history).toHaveLength(1);
  expect((await service.call('latent.decode', { z })).data).toEqual(before.data);
  expect(changed).toEqual(['dataset', 'model']);
});

it('says when the engine ran out of its memory limit, and starts a fresh one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'latent-oom-'));
  const small = await createLatentService({
    dataDir: dir,
    resourcesDir,
    host: 'in-process',
    testHooks: true,
    engineMemoryMb: 96,
  });
  try {
    expect((await small.call('app.info', undefined)).engine.memoryLimitMb).toBe(96);
    const err = await exhaustEngineHeapForTest(small).then(
      () => null,
      (e: unknown) => e as ContractError,
    );
    expect(err?.code).toBe('WORKER_CRASHED');
    expect(err?.message).toMatch(
      /^The engine stopped unexpectedly: it ran out of memory \(its limit of 96 MB; set LATENT_EXPLORER_ENGINE_MEMORY_MB/,
    );
    expect(err?.message).toMatch(/it was restarted; no checkpoint had been written yet\.$/);
    expect(await small.call('dataset.info', undefined)).toBeNull();
  } finally {
    await small.close();
    await rm(dir, { recursive: true, force: true });
  }
});
