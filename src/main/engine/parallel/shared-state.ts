// The memory that the replicas of data-parallel training share: one set of SharedArrayBuffers made
// by the coordinator and handed to every helper thread, seen by all as the same typed-array views.
//
// Layout (P = number of parameters, N = threads):
//   control  Int32 counters and flags (indices in C below), the only thing Atomics operate on;
//   step     Float64 [rows in this round, β, Adam step count, mode (S.mode in replica.ts)];
//   x, eps   the step's batch rows and reparameterisation noise, written by the coordinator;
//   grads    N × P: each replica's gradient of its shard (summed in reduce-adam.ts);
//   stats    N × 2: each replica's Σ recon / batch and Σ KL / batch;
//   sums     N × (2 + latent): each replica's test-ELBO sums of a test round (Σ ELBO, Σ log p(x|z),
//            Σ KL per latent dimension);
//   w, m, v  the weights and Adam's moments, one copy for all (each replica updates a slice).

/**
 * Indices into control. Counters only grow, so a barrier for round g waits for count ≥ N·g; a
 * round is a training step or a batch of test rows (replica.ts S.mode), and every replica arrives
 * at both counters in each.
 */
export const C = {
  /** Step generation: the coordinator bumps it to start a step. */
  gen: 0,
  /** 1 → helpers leave their loop and exit. */
  stop: 1,
  /** Replicas that have written their gradient. */
  gradsDone: 2,
  /** Replicas that have applied Adam to their slice. */
  adamDone: 3,
  /** Helpers that have built their replica and are waiting for steps. */
  ready: 4,
  /** 1 → some thread failed; everyone gives up on the step. */
  failed: 5,
} as const;
const CONTROL_SLOTS = 8;

export interface SharedBuffers {
  control: SharedArrayBuffer;
  step: SharedArrayBuffer;
  x: SharedArrayBuffer;
  eps: SharedArrayBuffer;
  grads: SharedArrayBuffer;
  stats: SharedArrayBuffer;
  sums: SharedArrayBuffer;
  w: SharedArrayBuffer;
  m: SharedArrayBuffer;
  v: SharedArrayBuffer;
}

export interface Dims {
  threads: number;
  params: number;
  maxBatch: number;
  /** Values per image row. */
  rowSize: number;
  latent: number;
}

export interface SharedState extends Dims {
  control: Int32Array;
  step: Float64Array;
  x: Float32Array;
  eps: Float32Array;
  grads: Float32Array;
  stats: Float64Array;
  sums: Float64Array;
  w: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

export function allocate(d: Dims): SharedBuffers {
  const f32 = (n: number) => new SharedArrayBuffer(n * 4);
  return {
    control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
    step: new SharedArrayBuffer(4 * 8),
    x: f32(d.maxBatch * d.rowSize),
    eps: f32(d.maxBatch * d.latent),
    grads: f32(d.threads * d.params),
    stats: new SharedArrayBuffer(d.threads * 2 * 8),
    sums: new SharedArrayBuffer(d.threads * (2 + d.latent) * 8),
    w: f32(d.params),
    m: f32(d.params),
    v: f32(d.params),
  };
}

export function views(b: SharedBuffers, d: Dims): SharedState {
  return {
    ...d,
    control: new Int32Array(b.control),
    step: new Float64Array(b.step),
    x: new Float32Array(b.x),
    eps: new Float32Array(b.eps),
    grads: new Float32Array(b.grads),
    stats: new Float64Array(b.stats),
    sums: new Float64Array(b.sums),
    w: new Float32Array(b.w),
    m: new Float32Array(b.m),
    v: new Float32Array(b.v),
  };
}

/** [lo, hi) of `total` items that `rank` of `threads` owns: contiguous, sizes differ by at most one. */
export function shardOf(total: number, rank: number, threads: number): [number, number] {
  return [Math.floor((total * rank) / threads), Math.floor((total * (rank + 1)) / threads)];
}

/** Marks the run failed and wakes every waiter, so no thread waits forever on a dead peer. */
export function markFailed(control: Int32Array): void {
  Atomics.store(control, C.failed, 1);
  for (const i of [C.gen, C.gradsDone, C.adamDone, C.ready]) Atomics.notify(control, i);
}
