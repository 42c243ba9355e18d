// The training loop: the whole training set resident as floats, batches gathered by a seeded
// permutation, one synchronous read of [loss, recon, kl] per step (wasm runs eagerly, so it costs
// nothing extra), a macrotask break between steps for pause/stop/cancel messages.
//
// Two steppers do the arithmetic of a step (step-runner.ts): on tfjs-wasm, which runs one thread
// in Node, data-parallel replicas on `threads` threads (parallel/); on the other backends (tfjs-node
// and -gpu are multi-threaded themselves, cpu is a fallback) one engine and the tensor Adam.
import * as tf from '@tensorflow/tfjs';
import { ContractError, type EpochMetrics, type ImageBatch } from '../../shared/contract.js';
import type { TrainControl, TrainRunResult, VaeModel } from './api.js';
import { assertFits, unitRows } from './images.js';
import { binarizeRows, testImagesFor } from './binarize.js';
import { elboNoise } from './bounds.js';
import { asVae, type Vae } from './model.js';
import { deriveSeed, gaussian, mulberry32, permutation } from './prng.js';
import { startStepper, type StepResult } from './step-runner.js';
import { yieldToEventLoop } from './yield.js';

/** Above this many bytes of float pixels the training set is not kept resident (mutable for tests). */
export const trainLimits = { residentBytes: 1 << 30 };

/** Writes the rows order[start..start+count) of the training set, scaled to [0,1], into out. */
function batchRows(
  xf: Float32Array | null,
  images: ImageBatch,
  order: Int32Array,
  start: number,
  count: number,
  out: Float32Array,
): void {
  const d = images.height * images.width * images.channels;
  for (let r = 0; r < count; r++) {
    const src = order[start + r]! * d;
    if (xf) out.set(xf.subarray(src, src + d), r * d);
    else for (let p = 0; p < d; p++) out[r * d + p] = images.data[src + p]! / 255;
  }
}

/** Zero-copy views of the variables' current buffers: variables are only ever reassigned, never written in place. */
function snapshot(m: Vae): tf.Tensor[] {
  const engine = tf.engine();
  return m.params.map((v) => {
    // makeTensorFromDataId only tracks the new tensor; the backend's own count needs the extra ref too.
    const t = engine.makeTensorFromDataId(v.dataId, v.shape, v.dtype);
    engine.backend.incRef(v.dataId);
    return t;
  });
}

function restore(m: Vae, snap: tf.Tensor[]): void {
  m.params.forEach((v, i) => v.assign(snap[i]!));
}

function disposeAll(ts: tf.Tensor[] | null): void {
  if (ts) for (const t of ts) t.dispose();
}

export async function train(
  model: VaeModel,
  trainSet: ImageBatch,
  testSet: ImageBatch | null,
  control: TrainControl = {},
): Promise<TrainRunResult> {
  const m = asVae(model);
  if (m.external)
    throw new ContractError(
      'BAD_ARGUMENT',
      `This model was imported from ${m.external.origin} and cannot be trained here; train it where it came from (e.g. python/train.py) and import it again, or train a new model.`,
    );
  assertFits(trainSet, m.shape);
  if (testSet) assertFits(testSet, m.shape);
  const cfg = m.config;
  const n = cfg.limit > 0 ? Math.min(cfg.limit, trainSet.n) : trainSet.n;
  if (n === 0)
    throw new ContractError('DATASET_EMPTY', 'There are no training images: load a dataset with at least one image.');
  if (!Number.isInteger(cfg.epochs) || cfg.epochs < 1)
    throw new ContractError('BAD_ARGUMENT', `Epochs must be a positive integer (got ${cfg.epochs}).`);
  const now = control.now ?? (() => performance.now());
  const batch = Math.min(cfg.batchSize, n);
  const stepsPerEpoch = Math.ceil(n / batch);
  const totalSteps = stepsPerEpoch * cfg.epochs;
  const latent = cfg.latent;

  // Batches are assembled in JS and uploaded: on tfjs-wasm a GatherV2 of 128 rows from a resident
  // tensor costs ~2.5 ms, copying the rows from a resident Float32Array a small fraction of that.
  // Above trainLimits.residentBytes the float copy is skipped and rows are scaled from uint8 per batch.
  const xf = n * m.imageSize * 4 <= trainLimits.residentBytes ? unitRows(trainSet, 0, n) : null;
  const epsRng = mulberry32(deriveSeed(cfg.seed, 2));
  const binRng = cfg.binarize ? mulberry32(deriveSeed(cfg.seed, 3)) : null;
  const history: EpochMetrics[] = [];
  const stepper = await startStepper(m, batch);
  let epochSnap: tf.Tensor[] | null = null;
  let goodSnap: tf.Tensor[] | null = null;
  let globalStep = 0;
  let ips = 0;
  let trainedImages = 0;
  let trainedMs = 0;
  let outcome: TrainRunResult['outcome'] = 'completed';

  try {
    // A binarised model is tested on the one fixed binarisation of the test set (binarize.ts); the
    // ε of its one-sample ELBO are drawn once, so every epoch is scored with the same noise.
    const nTest = testSet?.n ?? 0;
    const testRows = testSet && nTest > 0 ? unitRows(testImagesFor(cfg, testSet)) : null;
    const testEps = testRows ? elboNoise(m, nTest) : null;
    epochSnap = snapshot(m);
    for (let epoch = 1; epoch <= cfg.epochs && outcome === 'completed'; epoch++) {
      const t0 = now();
      const order = permutation(n, mulberry32(deriveSeed(cfg.seed, 1000 + epoch)));
      let sumLoss = 0;
      let sumRecon = 0;
      let sumKl = 0;
      let seen = 0;
      for (let step = 1; step <= stepsPerEpoch; step++) {
        await control.gate?.();
        if (control.isCancelled?.()) {
          restore(m, epochSnap);
          throw new ContractError(
            'CANCELLED',
            'Training was cancelled; the model keeps the weights of its last finished epoch.',
          );
        }
        if (control.shouldStop?.()) {
          outcome = 'stopped';
          break;
        }
        const start = (step - 1) * batch;
        const b = Math.min(batch, n - start);
        const warm = cfg.klWarmupEpochs > 0 ? Math.min(1, (globalStep + 1) / (cfg.klWarmupEpochs * stepsPerEpoch)) : 1;
        const beta = cfg.beta * warm;
        stepper.eps.set(gaussian(b * latent, epsRng));
        batchRows(xf, trainSet, order, start, b, stepper.x);
        // Dynamic binarisation: every batch draws its pixels anew.
        if (binRng) binarizeRows(stepper.x.subarray(0, b * m.imageSize), binRng);
        const before = snapshot(m);
        const ts = now();
        let res: StepResult;
        try {
          res = await stepper.step(b, beta);
        } catch (e) {
          disposeAll(before);
          throw e;
        }
        const { loss, recon, kl } = res;
        const dt = now() - ts;
        if (!Number.isFinite(loss) || !Number.isFinite(recon) || !Number.isFinite(kl)) {
          disposeAll(before);
          restore(m, goodSnap ?? epochSnap);
          throw new ContractError(
            'TRAINING_DIVERGED',
            `Training diverged at epoch ${epoch}, step ${step} (the loss became ${loss}); the last good weights were kept. Try a smaller learning rate.`,
          );
        }
        // The weights before this step gave a finite loss: they are the last good ones.
        disposeAll(goodSnap);
        goodSnap = before;
        globalStep++;
        trainedImages += b;
        trainedMs += dt;
        const rate = (b * 1000) / Math.max(dt, 1e-3);
        ips = ips === 0 ? rate : 0.9 * ips + 0.1 * rate;
        sumLoss += loss * b;
        sumRecon += recon * b;
        sumKl += kl * b;
        seen += b;
        control.onStep?.({
          epoch,
          step,
          stepsPerEpoch,
          globalStep,
          loss,
          elbo: -(recon + kl),
          recon,
          kl,
          imagesPerSecond: ips,
          etaSeconds: ((totalSteps - globalStep) * batch) / Math.max(ips, 1e-9),
        });
        await yieldToEventLoop();
      }
      if (seen === 0) break;
      let testElbo: number | null = null;
      let testKlPerDim: number[] | undefined;
      if (testRows && testEps) {
        // One encoder pass gives the test ELBO and the KL per dimension, on every training thread.
        const r = await stepper.testSums(testRows, nTest, testEps);
        testElbo = r.elbo / nTest;
        testKlPerDim = Array.from(r.klDims, (v) => v / nTest);
      }
      const metrics: EpochMetrics = {
        epoch,
        loss: sumLoss / seen,
        elbo: -(sumRecon + sumKl) / seen,
        recon: sumRecon / seen,
        kl: sumKl / seen,
        testElbo,
        seconds: (now() - t0) / 1000,
        ...(testKlPerDim ? { klPerDim: testKlPerDim } : {}),
      };
      history.push(metrics);
      disposeAll(epochSnap);
      epochSnap = snapshot(m);
      await control.onEpoch?.({ metrics });
    }
  } finally {
    disposeAll(epochSnap);
    disposeAll(goodSnap);
    await stepper.close();
  }
  return {
    outcome,
    history,
    imagesPerSecond: trainedMs > 0 ? (trainedImages * 1000) / trainedMs : 0,
    threads: stepper.threads,
  };
}
