// The one metrics function on briefly trained models (real MNIST digits), Bernoulli and Gaussian:
// ELBO and IW-NLL are log-likelihoods of the same model, −ELBO ≥ IW-NLL in every report, active
// units are Burda's, a binarised model is tested on one fixed binarisation; no tensor leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type ImageBatch, type TrainConfig } from '../../shared/contract.js';
import type { VaeModel } from './api.js';
import { selectBackend } from './backend.js';
import { binarizedTestImages } from './binarize.js';
import { createVae } from './index.js';
import { encode } from './inference.js';
import { evaluateElbo, evaluateModel } from './metrics.js';
import { mnist } from './test-data.js';
import { train } from './train.js';
import type { Vae } from './model.js';

const shape = { height: 28, width: 28, channels: 1 as const };
const small = (over: Partial<TrainConfig>): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  hidden: [128],
  latent: 8,
  epochs: 2,
  limit: 2000,
  ...over,
});

let bce: VaeModel;
let mse: VaeModel;
let trainSet: ImageBatch;
let test: ImageBatch;

async function noLeak<T>(f: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const r = await f();
  expect(tf.memory().numTensors).toBe(before);
  return r;
}

beforeAll(async () => {
  await selectBackend('wasm');
  trainSet = mnist('train', 2000);
  test = mnist('t10k', 200);
  bce = createVae(small({ loss: 'bce' }), shape);
  await train(bce, trainSet, null);
  mse = createVae(small({ loss: 'mse' }), shape);
  await train(mse, trainSet, null);
}, 120_000);

describe('metrics', () => {
  it('evaluateElbo is repeatable and recon + KL = −ELBO', async () => {
    const a = await noLeak(() => evaluateElbo(bce, test));
    const b = await noLeak(() => evaluateElbo(bce, test, 33));
    expect(a.elbo).toBeCloseTo(-(a.recon + a.kl), 3);
    expect(a.elbo).toBeLessThan(0);
    expect(b.elbo).toBeCloseTo(a.elbo, 2); // the same ε rows, only batched differently
    expect(evaluateElbo(bce, test).elbo).toBe(a.elbo);
  });

  it.each(['bce', 'mse'] as const)(
    '%s: −ELBO ≥ IW-NLL for every K (equal at K = 1), both log-likelihoods of one model',
    async (loss) => {
      const model = loss === 'bce' ? bce : mse;
      const seen: number[] = [];
      for (const k of [1, 5, 50]) {
        const r = await noLeak(() => evaluateModel(model, test, k, (done) => seen.push(done)));
        expect(r.iwNll, `K=${k}`).toBeLessThanOrEqual(-r.elbo + 1e-3);
        expect(r.elbo).toBeCloseTo(-(r.recon + r.kl), 3);
        if (k === 1) expect(r.iwNll).toBeCloseTo(-r.elbo, 3);
        // The gap is what importance sampling buys: nats, not the 720-nat Gaussian constant.
        expect(-r.elbo - r.iwNll).toBeLessThan(30);
        expect(r.iwNll).toBeGreaterThan(0);
      }
      expect(seen.at(-1)).toBe(200);
      // Repeatable: the model's seed fixes every sample.
      const a = await evaluateModel(model, test, 5);
      const b = await evaluateModel(model, test, 5);
      expect(b).toEqual(a);
    },
  );

  it('mse: −log p(x|z) includes the Gaussian normaliser (σ = 1): recon > D·½log 2π', async () => {
    const r = await evaluateModel(mse, test, 1);
    expect(r.recon).toBeGreaterThan(784 * 0.5 * Math.log(2 * Math.PI));
    expect(r.recon).toBeLessThan(784 * 0.5 * Math.log(2 * Math.PI) + 784 * 0.5);
  });

  it("active units are Burda's: variance over the images of μ_u above 0.01", async () => {
    const r = await evaluateModel(bce, test, 1);
    const { mu } = encode(bce, test);
    for (let j = 0; j < mu.cols; j++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < mu.rows; i++) {
        const v = mu.data[i * mu.cols + j]!;
        s += v;
        s2 += v * v;
      }
      const variance = s2 / mu.rows - (s / mu.rows) ** 2;
      expect(r.muVariance[j]).toBeCloseTo(variance, 4);
    }
    expect(r.activeUnits).toBe(r.muVariance.filter((v) => v > 0.01).length);
    expect(r.activeUnits).toBeGreaterThan(0);
    expect(r.klPerDim).toHaveLength(8);
  });

  it('can be cancelled and refuses K outside the schema', async () => {
    await expect(noLeak(() => evaluateModel(bce, test, 50, undefined, () => true))).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    await expect(evaluateModel(bce, test, 0)).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: expect.stringMatching(/^Importance samples must be/) as unknown,
    });
  });

  it('binarize: dynamic per batch in training, one fixed binarisation of the test set', async () => {
    const fixed = binarizedTestImages(test);
    expect(binarizedTestImages(test).data).toEqual(fixed.data);
    expect(fixed.data.every((v) => v === 0 || v === 255)).toBe(true);
    // Each pixel is on with probability = its grey level: the means agree.
    const mean = (b: ImageBatch) => b.data.reduce((a, v) => a + v, 0) / b.data.length / 255;
    expect(Math.abs(mean(fixed) - mean(test))).toBeLessThan(0.005);

    const cfg = small({ binarize: true, epochs: 1, limit: 500 });
    const a = createVae(cfg, shape);
    const res = await train(a, trainSet, test);
    // The per-epoch test ELBO is the metric on the fixed binarisation (same function, same seed).
    const r = await evaluateModel(a, test, 1);
    expect(r.pixels).toBe('binarised');
    expect(res.history[0]!.testElbo!).toBeCloseTo(r.elbo, 3);
    expect(evaluateElbo(a, fixed).elbo).toBeCloseTo(r.elbo, 3);
    // Dynamic binarisation changes what is trained on: other weights than the grey-level run.
    const g = createVae({ ...cfg, binarize: false }, shape);
    await train(g, trainSet, null);
    const w = (m: VaeModel) => Array.from((m as Vae).params.at(-1)!.dataSync()); // the output bias
    expect(w(a)).not.toEqual(w(g));
    a.dispose();
    g.dispose();
  });
});
