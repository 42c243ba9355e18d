// What every replica (the coordinator's model and each helper's copy) does with the shared state:
// compute the gradient of its shard of the batch, and take the updated weights back; at an epoch's
// end, the test-ELBO sums of its shard of a batch of test rows.
import * as tf from '@tensorflow/tfjs';
import type { Vae } from '../model.js';
import { elboRowSums } from '../bounds.js';
import { batchObjective } from '../objective.js';
import { shardOf, type SharedState } from './shared-state.js';

/** Round parameters in SharedState.step. */
export const S = { rows: 0, beta: 1, t: 2, mode: 3 } as const;

/** S.mode: what a round computes. */
export const MODE = { train: 0, test: 1 } as const;
export type Mode = (typeof MODE)[keyof typeof MODE];

interface HeapBackend {
  typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array;
}

/**
 * A float tensor's values without a copy where the backend allows (tfjs-wasm: a view of its heap,
 * valid until the next op), else dataSync's copy. Saves copying every gradient twice per step.
 */
function heapView(t: tf.Tensor): Float32Array {
  const b = tf.backend() as unknown as HeapBackend;
  return b.typedArrayFromHeap ? b.typedArrayFromHeap(t) : (t.dataSync() as Float32Array);
}

/** Gradient of rank's rows of the step's batch → grads[rank]; its Σ recon, Σ KL → stats[rank]. */
export function computeShard(m: Vae, s: SharedState, rank: number): void {
  const rows = s.step[S.rows]!;
  const beta = s.step[S.beta]!;
  const [lo, hi] = shardOf(rows, rank, s.threads);
  const out = s.grads.subarray(rank * s.params, (rank + 1) * s.params);
  if (hi === lo) {
    // A batch smaller than the thread count leaves some replicas without rows: they add nothing.
    out.fill(0);
    s.stats[2 * rank] = 0;
    s.stats[2 * rank + 1] = 0;
    return;
  }
  tf.tidy(() => {
    const x = tf.tensor2d(s.x.subarray(lo * s.rowSize, hi * s.rowSize), [hi - lo, s.rowSize]);
    const eps = tf.tensor2d(s.eps.subarray(lo * s.latent, hi * s.latent), [hi - lo, s.latent]);
    let sums!: tf.Tensor;
    const { grads } = tf.variableGrads(() => {
      const o = batchObjective(m, x, eps, beta, rows);
      sums = tf.keep(tf.stack([o.recon, o.kl]));
      return o.loss;
    }, m.params);
    let off = 0;
    for (const p of m.params) {
      out.set(heapView(grads[p.name]!), off);
      off += p.size;
    }
    const [recon, kl] = sums.dataSync();
    s.stats[2 * rank] = recon!;
    s.stats[2 * rank + 1] = kl!;
    sums.dispose();
  });
}

/**
 * Test round: for rank's rows of x (test images) with ε from eps (elboNoise rows), Σ ELBO,
 * Σ log p(x|z) and Σ KL per latent dimension → sums[rank].
 */
export function testShard(m: Vae, s: SharedState, rank: number): void {
  const rows = s.step[S.rows]!;
  const [lo, hi] = shardOf(rows, rank, s.threads);
  const out = s.sums.subarray(rank * (2 + s.latent), (rank + 1) * (2 + s.latent));
  out.fill(0);
  if (hi === lo) return;
  const klDims = new Float64Array(s.latent);
  const { elbo, logPx } = tf.tidy(() =>
    elboRowSums(
      m,
      tf.tensor2d(s.x.subarray(lo * s.rowSize, hi * s.rowSize), [hi - lo, s.rowSize]),
      tf.tensor2d(s.eps.subarray(lo * s.latent, hi * s.latent), [hi - lo, s.latent]),
      klDims,
    ),
  );
  out[0] = elbo;
  out[1] = logPx;
  out.set(klDims, 2);
}

/** The model's weights, concatenated in parameter order, into w. */
export function writeWeights(m: Vae, w: Float32Array): void {
  let off = 0;
  for (const p of m.params) {
    w.set(p.dataSync() as Float32Array, off);
    off += p.size;
  }
}

/** Assigns w to the model's variables (new buffers: the trainer's snapshots keep the old ones). */
export function readWeights(m: Vae, w: Float32Array): void {
  let off = 0;
  for (const p of m.params) {
    const t = tf.tensor(w.subarray(off, off + p.size), p.shape, 'float32');
    p.assign(t);
    t.dispose();
    off += p.size;
  }
}

/** Per-parameter arrays of w, in parameter order (to build a replica with these values). */
export function splitWeights(w: Float32Array, sizes: number[]): Float32Array[] {
  let off = 0;
  return sizes.map((n) => w.slice(off, (off += n)));
}
