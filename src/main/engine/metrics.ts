// The model metrics, one implementation used by the app (worker metrics.evaluate), the CLI (`eval`)
// and the training loop (test ELBO per epoch): same split, same seed, same numbers.
//
// ELBO and IW-NLL come from the same K importance samples z_k ~ q(z|x) per image, with
// log w_k = log p(x|z_k) + log p(z_k) − log q(z_k|x):
//   ELBO ≈ mean_k log w_k,   −NLL ≈ log mean_k w_k   (Burda et al. 2015, eq. 8).
// By Jensen's inequality the second is never below the first for the same samples, so −ELBO ≥ IW-NLL
// holds in every report, not only on average (issue 10 item 22). The KL in recon + KL is the
// matching Monte-Carlo estimate; klPerDim is the closed form.
import {
  ContractError,
  type DatasetInfo,
  type ImageBatch,
  type Metrics,
  type TrainConfig,
} from '../../shared/contract.js';
import { likelihoodNote, pixelKind, type PixelKind } from '../../shared/likelihood.js';
import { bitsPerDim } from '../../shared/bits-per-dim.js';
import { EVAL_FIELDS } from '../../shared/call-fields.js';
import { checkArg } from '../../shared/schema.js';
import type { ElboResult, VaeModel } from './api.js';
import { testImagesFor } from './binarize.js';
import { assertFits, rowsTensor, unitRows } from './images.js';
import { drawnBoundSums, elboNoise, sampleRng, testSumsOf } from './bounds.js';
import { encode } from './inference.js';
import { klPerDim } from './latent-math.js';
import { asVae } from './model.js';
import { yieldToEventLoop } from './yield.js';

/** Burda et al. 2015: unit u is active when Cov_x(E_q(z|x)[z_u]) > 0.01. */
export const ACTIVE_UNIT_VARIANCE = 0.01;

/** Rows of importance samples per tensor batch (images × K): bounds memory whatever K is. */
const SAMPLE_ROWS = 4096;

export interface ModelMetrics {
  /** Mean ELBO per image (nats, negative) over the K samples; = −(recon + kl). */
  elbo: number;
  /** −elbo / (D · ln 2), D = values per image (shared/bits-per-dim.ts). */
  bitsPerDim: number;
  /** Mean −log p(x|z) per image (nats). */
  recon: number;
  /** Mean KL(q(z|x) ‖ p(z)) per image (nats), Monte-Carlo on the same samples. */
  kl: number;
  /** Importance-weighted estimate of −log p(x) per image (positive nats); ≤ −elbo. */
  iwNll: number;
  iwSamples: number;
  /** Closed-form KL per latent dimension, mean over the images (nats). */
  klPerDim: number[];
  /** Variance over the images of μ_u = E_q[z_u], per dimension (Burda's activity statistic). */
  muVariance: number[];
  /** Dimensions whose muVariance exceeds ACTIVE_UNIT_VARIANCE. */
  activeUnits: number;
  images: number;
  pixels: PixelKind;
}

/** The images metrics are computed on: the test split, or every image when there is none. */
export function evaluationSplit(info: Pick<DatasetInfo, 'trainCount' | 'testCount' | 'count'>): {
  start: number;
  end: number;
  split: 'test' | 'all';
} {
  return info.testCount > 0
    ? { start: info.trainCount, end: info.count, split: 'test' }
    : { start: 0, end: info.count, split: 'all' };
}

/** Mean single-sample ELBO per image of exactly these images (seeded by the model's seed, so repeatable). */
export function evaluateElbo(model: VaeModel, images: ImageBatch, batchSize = 1000): ElboResult {
  const m = asVae(model);
  assertFits(images, m.shape);
  if (images.n === 0) throw new ContractError('DATASET_EMPTY', 'There are no images to evaluate on.');
  const { elbo, logPx } = testSumsOf(m, unitRows(images), images.n, elboNoise(m, images.n), batchSize);
  return { elbo: elbo / images.n, recon: -logPx / images.n, kl: (logPx - elbo) / images.n };
}

/** Per-dimension variance of μ over the rows (two-pass, float64). */
export function columnVariance(mu: { data: Float32Array; rows: number; cols: number }): number[] {
  const { data, rows, cols } = mu;
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) mean[j]! += data[r * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= Math.max(rows, 1);
  const v = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) v[j]! += (data[r * cols + j]! - mean[j]!) ** 2;
  return Array.from(v, (x) => (rows > 1 ? x / rows : 0));
}

/**
 * Every metric of `model` on `images` (the evaluation split, as loaded: binarised here when the model
 * was trained binarised), with `iwSamples` importance samples per image.
 */
export async function evaluateModel(
  model: VaeModel,
  images: ImageBatch,
  iwSamples: number,
  onProgress?: (done: number, total: number) => void,
  isCancelled?: () => boolean,
): Promise<ModelMetrics> {
  const m = asVae(model);
  assertFits(images, m.shape);
  const k = checkArg(EVAL_FIELDS.iwSamples, iwSamples);
  if (images.n === 0) throw new ContractError('DATASET_EMPTY', 'There are no images to evaluate on.');
  const x = testImagesFor(m.config, images);
  const rng = sampleRng(m);
  const perBatch = Math.max(1, Math.floor(SAMPLE_ROWS / k));
  let iw = 0;
  let elbo = 0;
  let logPx = 0;
  for (let s = 0; s < x.n; s += perBatch) {
    if (isCancelled?.()) throw new ContractError('CANCELLED', 'The evaluation was cancelled.');
    const e = Math.min(x.n, s + perBatch);
    const xb = rowsTensor(x, s, e);
    try {
      const [a, b, c] = drawnBoundSums(m, xb, k, rng);
      iw += a;
      elbo += b;
      logPx += c;
    } finally {
      xb.dispose();
    }
    onProgress?.(e, x.n);
    await yieldToEventLoop();
  }
  const codes = encode(m, x);
  const kl = klPerDim(codes.mu, codes.logvar);
  const muVariance = columnVariance(codes.mu);
  return {
    elbo: elbo / x.n,
    bitsPerDim: bitsPerDim(elbo / x.n, m.imageSize),
    recon: -logPx / x.n,
    kl: (logPx - elbo) / x.n,
    iwNll: -iw / x.n,
    iwSamples: k,
    klPerDim: kl,
    muVariance,
    activeUnits: muVariance.filter((v) => v > ACTIVE_UNIT_VARIANCE).length,
    images: x.n,
    pixels: pixelKind(m.config),
  };
}

/** The contract's form of the metrics (metrics.evaluate), with what the nats are nats of. */
export function metricsResult(r: ModelMetrics, split: 'test' | 'all', config: TrainConfig): Metrics {
  return {
    testElbo: r.elbo,
    bitsPerDim: r.bitsPerDim,
    iwNll: r.iwNll,
    iwSamples: r.iwSamples,
    klPerDim: [...r.klPerDim],
    activeUnits: r.activeUnits,
    recon: r.recon,
    kl: r.kl,
    muVariance: [...r.muVariance],
    evaluatedOn: split,
    images: r.images,
    pixels: r.pixels,
    likelihood: likelihoodNote(config),
  };
}
