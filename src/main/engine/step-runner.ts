// The arithmetic of one training step, behind one interface for the trainer:
// - wasm: data-parallel replicas on `threads` threads (parallel/replica-pool.ts), Adam on shared
//   memory. tfjs-wasm runs one thread in Node, so this is how training uses every core.
// - tensorflow, tensorflow-gpu, cpu: one engine and the tensor Adam (the native backends spread a
//   step over their own thread pool or the GPU already).
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../shared/contract.js';
import { Adam } from './adam.js';
import { currentBackend } from './backend.js';
import { testSumsOf, type TestSums } from './bounds.js';
import type { Vae } from './model.js';
import { batchObjective } from './objective.js';
import { ReplicaPool } from './parallel/replica-pool.js';

export interface StepResult {
  loss: number;
  recon: number;
  kl: number;
}

export interface Stepper {
  /** Threads that compute a step (1 on the native backends: their own pools are not counted). */
  readonly threads: number;
  /** The caller writes the step's rows (rows × image size) here, from index 0. */
  readonly x: Float32Array;
  /** … and the reparameterisation noise (rows × latent). */
  readonly eps: Float32Array;
  /** Trains on the first `rows` rows of x/eps; the model holds the new weights when it resolves. */
  step(rows: number, beta: number): Promise<StepResult>;
  /**
   * The test ELBO's sums over the first `count` rows of `rows` (unit floats) with ε `eps`
   * (bounds.ts elboNoise), on every thread that computes steps.
   */
  testSums(rows: Float32Array, count: number, eps: Float32Array): Promise<TestSums>;
  /** Frees the optimiser state and ends any helper threads. */
  close(): Promise<void>;
}

/** Threads a wasm training would use: the setting (0 or absent = all cores), at most one per row. */
export function trainThreads(config: TrainConfig, batch: number): number {
  const want = config.threads && config.threads > 0 ? config.threads : availableParallelism();
  return Math.max(1, Math.min(want, batch));
}

export async function startStepper(m: Vae, batch: number): Promise<Stepper> {
  if (currentBackend() === 'wasm') return poolStepper(m, trainThreads(m.config, batch), batch);
  return tensorStepper(m, batch);
}

async function poolStepper(m: Vae, threads: number, batch: number): Promise<Stepper> {
  const pool = await ReplicaPool.start(m, threads, batch);
  return {
    threads,
    x: pool.s.x,
    eps: pool.s.eps,
    async step(rows, beta) {
      const { recon, kl } = await pool.step(rows, beta);
      return { loss: recon + beta * kl, recon, kl };
    },
    testSums: (rows, count, eps) => pool.testSums(rows, count, eps),
    close: () => pool.close(),
  };
}

function tensorStepper(m: Vae, batch: number): Stepper {
  const opt = new Adam(m.params, m.config.learningRate);
  const d = m.imageSize;
  const latent = m.config.latent;
  const x = new Float32Array(batch * d);
  const eps = new Float32Array(batch * latent);
  return {
    threads: 1,
    x,
    eps,
    step(rows, beta) {
      const stats = tf.tidy(() => {
        const xb = tf.tensor2d(x.subarray(0, rows * d), [rows, d]);
        const e = tf.tensor2d(eps.subarray(0, rows * latent), [rows, latent]);
        let side!: tf.Tensor;
        return opt.step(
          () => {
            const o = batchObjective(m, xb, e, beta, rows);
            side = tf.stack([o.recon, o.kl]);
            return o.loss;
          },
          () => side,
        );
      });
      const [loss, recon, kl] = stats.dataSync() as Float32Array;
      stats.dispose();
      return Promise.resolve({ loss: loss!, recon: recon!, kl: kl! });
    },
    testSums: (rows, count, eps) => Promise.resolve(testSumsOf(m, rows, count, eps)),
    close() {
      opt.dispose();
      return Promise.resolve();
    },
  };
}
