// Data-parallel training on real MNIST digits: replicas on helper threads match the one-thread run,
// and no helper thread outlives its training, however it ends (completed, stopped, cancelled,
// diverged, or a helper killed mid-run).
import { readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContractError, DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../../shared/contract.js';
import { selectBackend } from '../backend.js';
import { elboNoise, testSumsOf } from '../bounds.js';
import { unitRows } from '../images.js';
import { createVae } from '../index.js';
import type { Vae } from '../model.js';
import { mnist } from '../test-data.js';
import { train } from '../train.js';
import { liveReplicaThreads, poolStart, ReplicaPool } from './replica-pool.js';
import { startThread } from './spawn-thread.js';

const shape = { height: 28, width: 28, channels: 1 as const };
const cfg = (over: Partial<TrainConfig>): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  hidden: [256],
  latent: 10,
  epochs: 1,
  ...over,
});
const weights = (m: Vae) => m.params.map((p) => Array.from(p.dataSync()));
/** OS threads of this process: a helper that has not really ended still shows here. */
const osThreads = () => readdirSync('/proc/self/task').length;

let trainSet: ReturnType<typeof mnist>;
let testSet: ReturnType<typeof mnist>;

beforeAll(async () => {
  await selectBackend('wasm');
  trainSet = mnist('train', 2000);
  testSet = mnist('t10k', 500);
});

/** Waits (briefly) for the OS to reap ended threads, then returns the count. */
async function settledThreads(expected: number): Promise<number> {
  for (let i = 0; i < 50 && osThreads() > expected; i++) await new Promise((r) => setTimeout(r, 20));
  return osThreads();
}

/** Runs f with every step threaded (the helpers ready before the first step) or not (solo steps first). */
async function withHelpersReady<T>(ready: boolean, f: () => Promise<T>): Promise<T> {
  poolStart.awaitHelpers = ready;
  try {
    return await f();
  } finally {
    poolStart.awaitHelpers = false;
  }
}

describe('data-parallel training (wasm)', () => {
  it('2 threads reach the test ELBO of 1 thread within 0.5 nats (same seed, 3 epochs on 2k real digits), leak nothing', async () => {
    const run = async (threads: number) => {
      const m = createVae(cfg({ threads, epochs: 3, seed: 3 }), shape);
      const tensors = tf.memory().numTensors;
      let helpersSeen = 0;
      const res = await train(m, trainSet, testSet, {
        onStep: () => (helpersSeen = Math.max(helpersSeen, liveReplicaThreads().length)),
      });
      expect(tf.memory().numTensors).toBe(tensors);
      m.dispose();
      return { res, helpersSeen };
    };
    const one = await run(1);
    const threadsBefore = osThreads();
    const two = await withHelpersReady(true, () => run(2));
    expect(one.res.threads).toBe(1);
    expect(one.helpersSeen).toBe(0);
    expect(two.res.threads).toBe(2);
    expect(two.helpersSeen).toBe(1); // the coordinator is replica 0; one helper thread is replica 1
    expect(liveReplicaThreads()).toHaveLength(0);
    expect(await settledThreads(threadsBefore)).toBe(threadsBefore);
    const elbo1 = one.res.history.at(-1)!.testElbo!;
    const elbo2 = two.res.history.at(-1)!.testElbo!;
    expect(elbo1).toBeGreaterThan(-300); // it learned (a random decoder is ≈ −540)
    expect(Math.abs(elbo2 - elbo1), `1 thread ${elbo1}, 2 threads ${elbo2}`).toBeLessThan(0.5);
  });

  it('the summed shard gradients give the one-thread update, also when a batch has fewer rows than threads', async () => {
    // 257 images at batch 128: the last step has 1 row, so one of 2 replicas (or 2 of 3) has none.
    const run = async (threads: number) => {
      const m = createVae(cfg({ threads, limit: 257, seed: 4 }), shape) as Vae;
      const res = await train(m, trainSet, null);
      const w = weights(m);
      m.dispose();
      return { w, res };
    };
    const ref = await run(1);
    for (const threads of [2, 3]) {
      const { w, res } = await withHelpersReady(true, () => run(threads));
      expect(res.threads).toBe(threads);
      w.forEach((p, i) => p.forEach((x, j) => expect(Math.abs(x - ref.w[i]![j]!)).toBeLessThan(1e-4)));
      // and the reported losses are the same batch means
      expect(res.history[0]!.loss).toBeCloseTo(ref.res.history[0]!.loss, 2);
    }
  });

  it('the conv model trains data-parallel to the one-thread weights too', async () => {
    const run = async (threads: number) => {
      const m = createVae(
        cfg({ arch: 'conv', hidden: [64], threads, limit: 96, batchSize: 48, seed: 6 }),
        shape,
      ) as Vae;
      const tensors = tf.memory().numTensors;
      const res = await train(m, trainSet, null);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(res.threads).toBe(threads);
      const w = weights(m);
      m.dispose();
      return w;
    };
    const ref = await run(1);
    const two = await withHelpersReady(true, () => run(2));
    two.forEach((p, i) => p.forEach((x, j) => expect(Math.abs(x - ref[i]![j]!)).toBeLessThan(1e-4)));
  });

  it("scores an epoch's test images on every thread: the one-thread ELBO and KL per dimension, in rounds of a batch", async () => {
    const m = createVae(cfg({ seed: 7 }), shape) as Vae;
    // 3 rounds of at most 64 rows; the last has 1 row, which the helper (rank 1) gets alone.
    const n = 2 * 64 + 1;
    const rows = unitRows(testSet, 0, n);
    const eps = elboNoise(m, n);
    const one = testSumsOf(m, rows, n, eps);
    const pool = await withHelpersReady(true, () => ReplicaPool.start(m, 2, 64));
    try {
      const two = await pool.testSums(rows, n, eps);
      expect(Math.abs(two.elbo - one.elbo)).toBeLessThan(1e-5 * Math.abs(one.elbo));
      expect(Math.abs(two.logPx - one.logPx)).toBeLessThan(1e-5 * Math.abs(one.logPx));
      two.klDims.forEach((v, j) => expect(Math.abs(v - one.klDims[j]!)).toBeLessThan(1e-5 * one.klDims[j]! + 1e-6));
      // The last round's one row went to rank 1 (the helper), and rank 0's slot is empty.
      const width = 2 + m.config.latent;
      expect(pool.s.sums[width]).toBeLessThan(0);
      expect(pool.s.sums[0]).toBe(0);
    } finally {
      await pool.close();
      m.dispose();
    }
  });

  it('is deterministic for a seed with 2 threads, whether the steps ran threaded or solo while the helper started', async () => {
    const run = async (ready: boolean) => {
      const m = createVae(cfg({ threads: 2, limit: 300, batchSize: 100, seed: 5 }), shape) as Vae;
      await withHelpersReady(ready, () => train(m, trainSet, null));
      const w = weights(m);
      m.dispose();
      return w;
    };
    // 3 steps: with the helper not awaited they run (at least mostly) on the training thread alone.
    const threaded = await run(true);
    expect(await run(true)).toEqual(threaded);
    expect(await run(false)).toEqual(threaded);
  });

  it('stop, cancel and divergence end every helper thread', async () => {
    const threadsBefore = osThreads();
    const stopped = createVae(cfg({ threads: 2, limit: 640 }), shape);
    let steps = 0;
    const res = await train(stopped, trainSet, null, { onStep: () => steps++, shouldStop: () => steps >= 2 });
    expect(res.outcome).toBe('stopped');
    expect(liveReplicaThreads()).toHaveLength(0);
    stopped.dispose();

    const cancelled = createVae(cfg({ threads: 2, limit: 512, epochs: 3 }), shape) as Vae;
    let afterEpoch1: number[][] = [];
    let inEpoch2 = 0;
    const err = await train(cancelled, trainSet, null, {
      onEpoch: () => void (afterEpoch1 = weights(cancelled)),
      onStep: (s) => void (s.epoch === 2 && inEpoch2++),
      isCancelled: () => inEpoch2 >= 2,
    }).catch((e: unknown) => e);
    expect((err as ContractError).code).toBe('CANCELLED');
    expect(weights(cancelled)).toEqual(afterEpoch1);
    expect(liveReplicaThreads()).toHaveLength(0);
    cancelled.dispose();

    const diverging = createVae(cfg({ threads: 2, limit: 1280, epochs: 5, learningRate: 1e4 }), shape) as Vae;
    const tensors = tf.memory().numTensors;
    const err2 = await train(diverging, trainSet, null).catch((e: unknown) => e);
    expect((err2 as ContractError).code).toBe('TRAINING_DIVERGED');
    expect(tf.memory().numTensors).toBe(tensors);
    for (const w of weights(diverging)) expect(w.every(Number.isFinite)).toBe(true);
    expect(liveReplicaThreads()).toHaveLength(0);
    diverging.dispose();
    expect(await settledThreads(threadsBefore)).toBe(threadsBefore);
  });

  it('a helper thread killed mid-run ends training with WORKER_CRASHED, keeping the last completed step', async () => {
    // ready: killed while it computes its shards; not ready: killed while it starts (steps run solo).
    for (const ready of [true, false]) {
      const threadsBefore = osThreads();
      const m = createVae(cfg({ threads: 2, limit: 1280 }), shape) as Vae;
      const tensors = tf.memory().numTensors;
      let afterKill: number[][] = [];
      let steps = 0;
      const err = await withHelpersReady(ready, () =>
        train(m, trainSet, null, {
          onStep: (s) => {
            steps = s.step;
            afterKill = weights(m); // the weights of the last step that completed
            if (s.step !== 2) return;
            const [helper] = liveReplicaThreads();
            void helper!.terminate(); // a real thread ended from outside, as a crash would
          },
        }),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContractError);
      expect((err as ContractError).code).toBe('WORKER_CRASHED');
      expect((err as ContractError).message).toMatch(/fewer threads/);
      if (ready) expect(steps).toBe(2); // the threaded step 3 could not complete
      expect(steps).toBeLessThan(10);
      expect(weights(m)).toEqual(afterKill);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(liveReplicaThreads()).toHaveLength(0);
      expect(await settledThreads(threadsBefore)).toBe(threadsBefore);
      m.dispose();
    }
  });

  it('when the training thread itself dies mid-run, its helper threads die with it', async () => {
    const threadsBefore = osThreads();
    const trainer = startThread(new URL('./train-in-thread.fixture.ts', import.meta.url), {});
    const exited = new Promise<void>((r) => trainer.once('exit', () => r()));
    let helpers = 0;
    let during = 0;
    await new Promise<void>((resolve, reject) => {
      let steps = 0;
      trainer.on('error', reject);
      trainer.on('message', (live: number) => {
        helpers = Math.max(helpers, live);
        during = osThreads();
        if (++steps === 3) resolve();
      });
    });
    expect(helpers).toBe(1); // the training thread runs replica 0, one helper replica 1
    expect(during).toBeGreaterThan(threadsBefore);
    await trainer.terminate();
    await exited;
    expect(await settledThreads(threadsBefore)).toBe(threadsBefore);
  });

  it('on the cpu backend trains with one engine and the tensor Adam: no helper threads', async () => {
    await selectBackend('cpu');
    try {
      const m = createVae(cfg({ threads: 2, hidden: [32], limit: 64, batchSize: 32 }), shape);
      const tensors = tf.memory().numTensors;
      let helpers = 0;
      const res = await train(m, trainSet, null, { onStep: () => (helpers += liveReplicaThreads().length) });
      expect(res.threads).toBe(1);
      expect(helpers).toBe(0);
      expect(res.history[0]!.loss).toBeGreaterThan(0);
      expect(tf.memory().numTensors).toBe(tensors);
      m.dispose();
    } finally {
      await selectBackend('wasm');
    }
  });
});
