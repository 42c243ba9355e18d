// Inference on a briefly trained model (real MNIST digits); every call leaks no tensor.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type ImageBatch } from '../../shared/contract.js';
import type { VaeModel } from './api.js';
import { selectBackend } from './backend.js';
import { createVae } from './index.js';
import { decode, encode, reconstruct } from './inference.js';
import { sampleCodes } from './latent-math.js';
import { train } from './train.js';
import { mnist } from './test-data.js';

let model: VaeModel;
let test: ImageBatch;

/** Runs f and checks that tf.memory().numTensors is unchanged by it. */
async function noLeak<T>(f: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const r = await f();
  expect(tf.memory().numTensors).toBe(before);
  return r;
}

beforeAll(async () => {
  await selectBackend('wasm');
  model = createVae(
    { ...DEFAULT_TRAIN_CONFIG, hidden: [256], latent: 6, epochs: 3, limit: 3000, batchSize: 32 },
    { height: 28, width: 28, channels: 1 },
  );
  await train(model, mnist('train', 3000), null);
  test = mnist('t10k', 100);
});

describe('inference', () => {
  it('encode returns μ and log σ² per image, batched identically', async () => {
    const a = await noLeak(() => encode(model, test));
    const b = await noLeak(() => encode(model, test, 7));
    expect(a.mu.rows).toBe(100);
    expect(a.mu.cols).toBe(6);
    for (let i = 0; i < a.mu.data.length; i++) expect(b.mu.data[i]).toBeCloseTo(a.mu.data[i]!, 4);
    expect(a.logvar.data.every(Number.isFinite)).toBe(true);
  });

  it('decode gives uint8 images of the model shape', async () => {
    const imgs = await noLeak(() => decode(model, sampleCodes(4, 6, 1)));
    expect(imgs).toMatchObject({ n: 4, height: 28, width: 28, channels: 1 });
    expect(imgs.data).toHaveLength(4 * 784);
    expect(() => decode(model, sampleCodes(1, 5, 1))).toThrow(/6 columns/);
  });

  it('reconstructions are closer to their own digit than to most other digits', async () => {
    const rec = await noLeak(() => reconstruct(model, test));
    const dist = (i: number, j: number) => {
      let s = 0;
      for (let p = 0; p < 784; p++) s += (rec.data[i * 784 + p]! - test.data[j * 784 + p]!) ** 2;
      return s;
    };
    // Rank of the own digit among 20 candidates: 0 = closest.
    let rankSum = 0;
    for (let i = 0; i < 20; i++) {
      const own = dist(i, i);
      for (let j = 0; j < 20; j++) if (j !== i && dist(i, j) < own) rankSum++;
    }
    expect(rankSum / 20).toBeLessThan(2); // chance would be 9.5
  });

  it('refuses a disposed model', () => {
    const m = createVae({ ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2 }, { height: 28, width: 28, channels: 1 });
    m.dispose();
    expect(() => encode(m, test)).toThrow(/closed/);
  });
});
