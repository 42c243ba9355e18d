// The coordinator of data-parallel training, on the thread that runs train(): it owns the shared
// memory, starts threads − 1 helper threads, and is replica 0 itself. One step:
//   1. the caller writes the batch rows and noise into x/eps; step() bumps the generation;
//   2. every replica computes the gradient of its shard (batch split in contiguous rows);
//   3. barrier; every replica sums the N gradients of its slice of the parameters and applies Adam
//      to that slice of the shared weights (the update of one optimiser, computed in N parts);
//   4. every replica waits for all slices and takes the new weights into its variables (the
//      helpers while the coordinator prepares the next batch).
//
// Training does not wait for the helpers to start (loading tfjs-wasm and building a replica takes
// 0.5–1.5 s, a large part of a short epoch): until every helper is ready the coordinator computes
// all N shards itself, one after the other, and the whole Adam update ("solo" steps). The shards,
// their order of summation and the update are the same either way, so a run gives the same weights
// bit for bit however fast its helpers start. Helpers join at the first step after all are ready.
//
// At an epoch's end the test ELBO is sharded the same way (test rounds: rows and ε in x/eps, each
// replica's sums in `sums`, no Adam), so the helpers do not sit idle through it.
import type { Worker } from 'node:worker_threads';
import { ContractError } from '../../../shared/contract.js';
import type { TestSums } from '../bounds.js';
import type { Vae } from '../model.js';
import { arrive, waitAtLeastAsync } from './barrier.js';
import { computeShard, MODE, readWeights, S, testShard, writeWeights, type Mode } from './replica.js';
import type { ReplicaInit } from './replica-init.js';
import { reduceAdam } from './reduce-adam.js';
import { allocate, C, markFailed, shardOf, views, type SharedState } from './shared-state.js';
import { spawnReplicaThread } from './spawn-thread.js';

/** How long a stopped helper may take to leave its loop before it is terminated. */
const EXIT_GRACE_MS = 2_000;

/**
 * awaitHelpers: start() resolves only when every helper is ready, so no step is solo (tests use it to
 * exercise the threaded path; mutable for them).
 */
export const poolStart = { awaitHelpers: false };

/** Helper threads alive in this process (tests check that none outlives its training). */
const live = new Set<Worker>();
export function liveReplicaThreads(): readonly Worker[] {
  return [...live];
}

export interface StepStats {
  /** Batch mean of recon and of KL (what the one-thread trainer reports). */
  recon: number;
  kl: number;
}

export class ReplicaPool {
  private readonly workers: Worker[] = [];
  private failure: string | null = null;
  /** Rounds started (training steps and test rounds): the barriers' generation. */
  private gen = 0;
  /** Training steps taken: Adam's step count. */
  private adamSteps = 0;
  private closed = false;
  /** Whether the helpers take part in steps: all of them were ready at the start of a step. */
  private joined: boolean;
  private readonly slice: [number, number];

  private constructor(
    private readonly m: Vae,
    readonly s: SharedState,
  ) {
    this.slice = shardOf(s.params, 0, s.threads);
    this.joined = s.threads === 1;
  }

  /** Starts threads − 1 helpers; steps begin at once (solo until the helpers are ready). */
  static async start(m: Vae, threads: number, maxBatch: number): Promise<ReplicaPool> {
    const dims = {
      threads,
      params: m.params.reduce((a, p) => a + p.size, 0),
      maxBatch,
      rowSize: m.imageSize,
      latent: m.config.latent,
    };
    const buffers = allocate(dims);
    const pool = new ReplicaPool(m, views(buffers, dims));
    writeWeights(m, pool.s.w);
    try {
      for (let rank = 1; rank < threads; rank++) {
        const init: ReplicaInit = { rank, config: m.config, shape: m.shape, dims, buffers };
        pool.adopt(spawnReplicaThread({ workerData: init }));
      }
      if (poolStart.awaitHelpers && !(await waitAtLeastAsync(pool.s.control, C.ready, threads - 1)))
        throw pool.crashed('could not start');
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private adopt(w: Worker): void {
    this.workers.push(w);
    live.add(w);
    w.on('error', (e: Error) => this.fail(`it threw: ${e.message}`));
    w.on('exit', (code) => {
      live.delete(w);
      if (!this.closed) this.fail(`it exited with code ${code}`);
    });
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    markFailed(this.s.control);
  }

  private crashed(what: string): ContractError {
    return new ContractError(
      'WORKER_CRASHED',
      `A training thread ${what} (${this.failure ?? 'it did not answer in time'}). The model keeps the weights of its last completed step; train again, or use fewer threads.`,
    );
  }

  /** Starts round g on every replica (or on this thread alone until the helpers are ready). */
  private async round(rows: number, mode: Mode, work: (rank: number) => void, reduce: () => void): Promise<void> {
    const { s } = this;
    const n = s.threads;
    if (this.failure !== null || Atomics.load(s.control, C.failed) !== 0) throw this.crashed('stopped unexpectedly');
    const g = ++this.gen;
    s.step[S.rows] = rows;
    s.step[S.mode] = mode;
    this.joined ||= Atomics.load(s.control, C.ready) >= n - 1;
    if (this.joined) {
      Atomics.store(s.control, C.gen, g);
      Atomics.notify(s.control, C.gen);
      work(0);
      arrive(s.control, C.gradsDone);
      if (!(await waitAtLeastAsync(s.control, C.gradsDone, n * g))) throw this.crashed('stopped unexpectedly');
      reduce();
      arrive(s.control, C.adamDone);
      if (!(await waitAtLeastAsync(s.control, C.adamDone, n * g))) throw this.crashed('stopped unexpectedly');
    } else {
      // Every shard here, as the helpers would compute them; the counters advance as if they had.
      for (let rank = 0; rank < n; rank++) work(rank);
      reduce();
      Atomics.add(s.control, C.gradsDone, n);
      Atomics.add(s.control, C.adamDone, n);
    }
  }

  /** One step over the rows already written to s.x / s.eps; the model holds the new weights after. */
  async step(rows: number, beta: number): Promise<StepStats> {
    const { s } = this;
    const t = ++this.adamSteps;
    s.step[S.beta] = beta;
    s.step[S.t] = t;
    const lr = this.m.config.learningRate;
    // Joined, this thread updates its slice (the helpers theirs); solo, the whole update.
    await this.round(
      rows,
      MODE.train,
      (rank) => computeShard(this.m, s, rank),
      () => (this.joined ? reduceAdam(s, this.slice[0], this.slice[1], t, lr) : reduceAdam(s, 0, s.params, t, lr)),
    );
    readWeights(this.m, s.w);
    let recon = 0;
    let kl = 0;
    for (let r = 0; r < s.threads; r++) {
      recon += s.stats[2 * r]!;
      kl += s.stats[2 * r + 1]!;
    }
    return { recon, kl };
  }

  /**
   * Test sums over `count` rows of `rows` (unit floats, row-major) with ε `eps` (elboNoise), in
   * rounds of at most maxBatch rows split across the replicas; sums added in rank order.
   */
  async testSums(rows: Float32Array, count: number, eps: Float32Array): Promise<TestSums> {
    const { s } = this;
    const width = 2 + s.latent;
    const out: TestSums = { elbo: 0, logPx: 0, klDims: new Float64Array(s.latent) };
    for (let start = 0; start < count; start += s.maxBatch) {
      const b = Math.min(s.maxBatch, count - start);
      s.x.set(rows.subarray(start * s.rowSize, (start + b) * s.rowSize));
      s.eps.set(eps.subarray(start * s.latent, (start + b) * s.latent));
      await this.round(
        b,
        MODE.test,
        (rank) => testShard(this.m, s, rank),
        () => {},
      );
      for (let r = 0; r < s.threads; r++) {
        const part = s.sums.subarray(r * width, (r + 1) * width);
        out.elbo += part[0]!;
        out.logPx += part[1]!;
        for (let j = 0; j < s.latent; j++) out.klDims[j]! += part[2 + j]!;
      }
    }
    return out;
  }

  /** Stops the helpers and waits for them to exit (terminating any that do not). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.s.control, C.stop, 1);
    markFailed(this.s.control);
    await Promise.all(
      this.workers.map(async (w) => {
        if (!live.has(w)) return;
        const exited = new Promise<void>((r) => w.once('exit', () => r()));
        const timer = setTimeout(() => void w.terminate(), EXIT_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
