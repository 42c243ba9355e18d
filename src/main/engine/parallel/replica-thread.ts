// Entry of a helper thread of data-parallel training: its own tfjs-wasm instance and its own replica
// of the model. Per step it computes the gradient of its shard, applies Adam to its slice of the
// parameters and takes the new shared weights; per test round (an epoch's end) it computes the
// test-ELBO sums of its shard; between rounds it blocks on the shared counters.
// Any failure marks the run failed (so no peer waits forever) and ends the thread with the error.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend.js';
import { paramSpecs, Vae } from '../model.js';
import { arrive, waitAtLeast, waitChange } from './barrier.js';
import { computeShard, MODE, readWeights, S, splitWeights, testShard } from './replica.js';
import { reduceAdam } from './reduce-adam.js';
import type { ReplicaInit } from './replica-init.js';
import { C, markFailed, shardOf, views } from './shared-state.js';

const init = workerData as ReplicaInit;
const s = views(init.buffers, init.dims);
const { control } = s;

async function run(): Promise<void> {
  await selectBackend('wasm');
  const sizes = paramSpecs(init.config, init.shape).map((p) => p.shape.reduce((a, b) => a * b, 1));
  const model = new Vae(init.config, init.shape, splitWeights(s.w, sizes));
  const [lo, hi] = shardOf(s.params, init.rank, s.threads);
  try {
    arrive(control, C.ready);
    let gen = 0;
    let current = false;
    while (waitChange(control, C.gen, gen)) {
      gen = Atomics.load(control, C.gen);
      // The first round after joining takes the weights the solo steps left; later ones have them.
      if (!current) readWeights(model, s.w);
      current = true;
      if (s.step[S.mode] === MODE.test) {
        testShard(model, s, init.rank);
        arrive(control, C.gradsDone);
        arrive(control, C.adamDone);
        continue;
      }
      computeShard(model, s, init.rank);
      arrive(control, C.gradsDone);
      if (!waitAtLeast(control, C.gradsDone, s.threads * gen)) break;
      reduceAdam(s, lo, hi, s.step[S.t]!, init.config.learningRate);
      arrive(control, C.adamDone);
      // Take the new weights now, while the coordinator prepares the next batch, not after it starts.
      if (!waitAtLeast(control, C.adamDone, s.threads * gen)) break;
      readWeights(model, s.w);
    }
  } finally {
    model.dispose();
    tf.disposeVariables();
  }
}

try {
  await run();
} catch (e) {
  markFailed(control);
  throw e;
} finally {
  parentPort?.close();
}
