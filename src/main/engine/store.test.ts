import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../shared/contract.js';
import { selectBackend } from './backend.js';
import { createVae } from './index.js';
import { decode } from './inference.js';
import { sampleCodes } from './latent-math.js';
import { loadModel, saveModel } from './store.js';
import { train } from './train.js';
import { mnist } from './test-data.js';

let dir: string;
const meta = {
  name: 'digits',
  backend: 'wasm' as const,
  seed: 0,
  datasetFingerprint: 'fp-1',
  datasetName: 'MNIST',
  history: [],
  createdAt: '2026-01-01T00:00:00.000Z',
};

beforeAll(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'engine-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveModel / loadModel', () => {
  it('round-trips: identical decodes, meta kept, no leaks', async () => {
    const baseline = tf.memory().numTensors;
    const model = createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [64], latent: 4, epochs: 1, limit: 256 },
      { height: 28, width: 28, channels: 1 },
    );
    await train(model, mnist('train', 256), null);
    const target = path.join(dir, 'm1');
    const before = tf.memory().numTensors;
    await saveModel(model, meta, target);
    expect(tf.memory().numTensors).toBe(before);
    expect((await readdir(target)).sort()).toEqual(['meta.json', 'weights.bin', 'weights.json']);
    const { model: loaded, meta: m2 } = await loadModel(target);
    expect(m2.name).toBe('digits');
    expect(m2.config.latent).toBe(4);
    expect(m2.shape).toEqual({ height: 28, width: 28, channels: 1 });
    const z = sampleCodes(8, 4, 9);
    expect(decode(loaded, z).data).toEqual(decode(model, z).data);
    loaded.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline); // both models' variables are gone with them
  });

  it('replaces an existing model atomically and leaves no temp directories', async () => {
    const target = path.join(dir, 'm2');
    const a = createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2, seed: 1 },
      { height: 28, width: 28, channels: 1 },
    );
    const b = createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2, seed: 2 },
      { height: 28, width: 28, channels: 1 },
    );
    await saveModel(a, { ...meta, name: 'a' }, target);
    await saveModel(b, { ...meta, name: 'b' }, target);
    const { model, meta: m } = await loadModel(target);
    expect(m.name).toBe('b');
    const z = sampleCodes(2, 2, 1);
    expect(decode(model, z).data).toEqual(decode(b, z).data);
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
    [a, b, model].forEach((x) => x.dispose());
  });

  it('rejects broken model directories with MODEL_INVALID and a reason', async () => {
    const target = path.join(dir, 'm3');
    const m = createVae({ ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2 }, { height: 28, width: 28, channels: 1 });
    await saveModel(m, meta, target);
    m.dispose();
    await expect(loadModel(path.join(dir, 'nope'))).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/meta\.json cannot be read/),
    });
    const weights = path.join(target, 'weights.bin');
    const bytes = await readFile(weights);
    await writeFile(weights, bytes.subarray(0, 100));
    await expect(loadModel(target)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/bytes, expected/),
    });
    await writeFile(weights, bytes);
    const metaFile = path.join(target, 'meta.json');
    const good = await readFile(metaFile, 'utf8');
    await writeFile(metaFile, good.replace('"latent": 2', '"latent": 3'));
    await expect(loadModel(target)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/expected/),
    });
    await writeFile(metaFile, '{not json');
    await expect(loadModel(target)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/not valid JSON/),
    });
  });
});
