// Real training on real MNIST digits (a 2k subset), on the wasm backend.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContractError, DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../shared/contract.js';
import { selectBackend } from './backend.js';
import { createVae } from './index.js';
import { decode, reconstruct } from './inference.js';
import { evaluateElbo } from './metrics.js';
import { sampleCodes } from './latent-math.js';
import { train } from './train.js';
import type { Vae } from './model.js';
import { mnist } from './test-data.js';
import { trainLimits } from './train.js';

const shape = { height: 28, width: 28, channels: 1 as const };
const cfg = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  hidden: [128],
  latent: 8,
  epochs: 1,
  ...over,
});
const weights = (m: Vae) => m.params.map((p) => Array.from(p.dataSync()));

let trainSet: ReturnType<typeof mnist>;
let testSet: ReturnType<typeof mnist>;

beforeAll(async () => {
  await selectBackend('wasm');
  trainSet = mnist('train', 2000);
  testSet = mnist('t10k', 200);
});

describe('train', () => {
  it('one epoch on 2k MNIST digits lowers the loss and the test ELBO improves; no tensor leaks', async () => {
    const model = createVae(cfg(), shape);
    const before = evaluateElbo(model, testSet).elbo;
    const losses: number[] = [];
    const baseline = tf.memory().numTensors;
    const res = await train(model, trainSet, testSet, { onStep: (s) => losses.push(s.loss) });
    expect(tf.memory().numTensors).toBe(baseline);
    expect(res.outcome).toBe('completed');
    expect(losses).toHaveLength(Math.ceil(2000 / 128));
    const head = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const tail = losses.slice(-3).reduce((a, b) => a + b) / 3;
    expect(tail).toBeLessThan(head - 100); // starts ≈ 540 nats (random decoder), well below after an epoch
    expect(res.history).toHaveLength(1);
    expect(res.history[0]!.testElbo).toBeGreaterThan(before + 100);
    expect(res.history[0]!.loss).toBeCloseTo(res.history[0]!.recon + res.history[0]!.kl, 3);
    expect(res.imagesPerSecond).toBeGreaterThan(0);
    model.dispose();
  });

  it('is deterministic for a seed', async () => {
    const run = async () => {
      const m = createVae(cfg({ limit: 300, batchSize: 100, seed: 5 }), shape) as Vae;
      await train(m, trainSet, null);
      const w = weights(m)[0]!.slice(0, 50);
      m.dispose();
      return w;
    };
    expect(await run()).toEqual(await run());
  });

  it('a training set too large to keep as floats trains identically from per-batch uint8 scaling', async () => {
    const run = async (residentBytes: number) => {
      const saved = trainLimits.residentBytes;
      trainLimits.residentBytes = residentBytes;
      const m = createVae(cfg({ limit: 300, batchSize: 100, seed: 8 }), shape) as Vae;
      const baseline = tf.memory().numTensors;
      try {
        await train(m, trainSet, null);
        expect(tf.memory().numTensors).toBe(baseline);
        return weights(m)[0]!.slice(0, 200);
      } finally {
        trainLimits.residentBytes = saved;
        m.dispose();
      }
    };
    expect(await run(0)).toEqual(await run(1 << 30));
  });

  it('pauses at the gate, yields to the event loop between steps, and stops when asked', async () => {
    const model = createVae(cfg({ limit: 640 }), shape);
    let gateCalls = 0;
    let macrotaskRan = false;
    const steps: number[] = [];
    const res = await train(model, trainSet, testSet, {
      gate: () => {
        gateCalls++;
        return gateCalls === 2 ? new Promise((r) => setTimeout(r, 20)) : undefined;
      },
      onStep: (s) => {
        if (s.step === 1) setImmediate(() => (macrotaskRan = true));
        if (s.step === 2) expect(macrotaskRan).toBe(true);
        steps.push(s.step);
      },
      shouldStop: () => steps.length >= 3,
    });
    expect(res.outcome).toBe('stopped');
    expect(steps).toEqual([1, 2, 3]);
    expect(gateCalls).toBe(4);
    expect(res.history).toHaveLength(1); // the partial epoch is recorded with its test ELBO
    expect(res.history[0]!.testElbo).not.toBeNull();
    model.dispose();
  });

  it('cancel restores the weights of the last finished epoch and throws CANCELLED', async () => {
    const model = createVae(cfg({ limit: 512, epochs: 3 }), shape) as Vae;
    let afterEpoch1: number[][] = [];
    let stepsInEpoch2 = 0;
    const baseline = tf.memory().numTensors;
    const err = await train(model, trainSet, null, {
      onEpoch: (e) => {
        if (e.metrics.epoch === 1) afterEpoch1 = weights(model);
      },
      onStep: (s) => {
        if (s.epoch === 2) stepsInEpoch2++;
      },
      isCancelled: () => stepsInEpoch2 >= 2,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect((err as ContractError).code).toBe('CANCELLED');
    expect(tf.memory().numTensors).toBe(baseline);
    expect(weights(model)).toEqual(afterEpoch1);
    model.dispose();
  });

  it('a diverging run (huge learning rate) throws TRAINING_DIVERGED and keeps finite, last-good weights', async () => {
    // A rate the settings refuse (they allow at most 10): the engine trains what it is given.
    const model = createVae(cfg({ limit: 1280, epochs: 5, learningRate: 1e4 }), shape) as Vae;
    const baseline = tf.memory().numTensors;
    let finiteSteps = 0;
    const err = await train(model, trainSet, null, { onStep: () => finiteSteps++ }).catch((e: unknown) => e);
    expect((err as ContractError).code).toBe('TRAINING_DIVERGED');
    expect((err as ContractError).message).toMatch(/learning rate/);
    expect(finiteSteps).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(baseline);
    for (const w of weights(model)) expect(w.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(evaluateElbo(model, testSet).elbo)).toBe(true);
    model.dispose();
  });

  it('rejects data of another shape with MODEL_INCOMPATIBLE', async () => {
    const model = createVae(cfg(), { height: 32, width: 32, channels: 1 });
    await expect(train(model, trainSet, null)).rejects.toMatchObject({ code: 'MODEL_INCOMPATIBLE' });
    model.dispose();
  });

  it('trains the conv architecture (28 px) without leaks', async () => {
    const model = createVae(cfg({ arch: 'conv', limit: 256, batchSize: 64 }), shape);
    const baseline = tf.memory().numTensors;
    const losses: number[] = [];
    await train(model, trainSet, null, { onStep: (s) => losses.push(s.loss) });
    expect(tf.memory().numTensors).toBe(baseline);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    model.dispose();
  });

  it('builds conv models for 32 px RGB and 64 px images (decode and reconstruct shapes), and refuses too many convs', () => {
    for (const side of [32, 64]) {
      const m = createVae(cfg({ arch: 'conv', latent: 4 }), { height: side, width: side, channels: 3 });
      const out = decode(m, sampleCodes(2, 4, 1));
      expect(out).toMatchObject({ n: 2, height: side, width: side, channels: 3 });
      const imgs = {
        data: new Uint8Array(2 * side * side * 3).fill(200),
        n: 2,
        height: side,
        width: side,
        channels: 3 as const,
      };
      expect(reconstruct(m, imgs).data).toHaveLength(2 * side * side * 3);
      m.dispose();
    }
    expect(() =>
      createVae(cfg({ arch: 'conv', filters: [8, 8, 8, 8, 8] }), { height: 30, width: 30, channels: 1 }),
    ).toThrow(/at most 4 stride-2 convolutions/);
  });
});
