// A worker crash: pending calls reject WORKER_CRASHED, a fresh worker starts, and the dataset and
// the checkpointed model come back from disk.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type ContractError } from '../../shared/contract.js';
import { crashWorkerForTest, createLatentService, workerTensorsForTest, type LatentService } from './latent-service.js';

const resourcesDir = resolve(import.meta.dirname, '../../../resources');
let service: LatentService;
let dataDir: string;

afterAll(async () => {
  await service?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('leaks no tensors, and restarts a crashed worker with the dataset and the last checkpoint', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latent-crash-'));
  service = await createLatentService({ dataDir, resourcesDir, host: 'in-process' });
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
  // A call in flight when the worker dies.
  const pending = service.call('metrics.evaluate', { iwSamples: 200, jobId: 'eval' });
  const settled = pending.then(
    () => null,
    (e: unknown) => e as ContractError,
  );
  await crashWorkerForTest(service);
  const err = await settled;
  expect(err?.code).toBe('WORKER_CRASHED');

  // The next calls wait for the fresh worker and its restore.
  expect((await service.call('dataset.info', undefined))?.count).toBe(10_000);
  const model = await service.call('model.info', undefined);
  expect(model?.history).toHaveLength(1);
  expect((await service.call('latent.decode', { z })).data).toEqual(before.data);
  expect(changed).toEqual(['dataset', 'model']);
});
