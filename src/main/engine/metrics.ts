// The model metrics, one implementation used by the app (worker metrics.evaluate), the CLI (`eval`)
// and the training loop (test ELBO per epoch): same split, same seed, same numbers.
//
// ELBO and IW-NLL come from the same K importance samples z_k ~ q(z|x) per image, with
// log w_k = log p(x|z_k) + log p(z_k) − log q(z_k|x):
//   ELBO ≈ mean_k log w_k,   −NLL ≈ log mean_k w_k   (Burda et al. 2015, eq. 8).
// By Jensen's inequality the second is never below the first for the same samples, so −ELBO ≥ IW-NLL
// holds in every report, not only on average (issue 10 item 22). The KL in recon + KL is the
// matching Monte-Carlo estimate; klPerDim is the closed form.
import * as tf from '@tensorflow/tfjs';
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
import { assertFits, rowsTensor } from './images.js';
import { encode } from './inference.js';
import { klPerDim } from './latent-math.js';
import { klElements, reconRows, reparameterize } from './loss.js';
import { asVae, decodeT, encodeT, type Vae } from './model.js';
import { deriveSeed, gaussian, mulberry32, type Rng } from './prng.js';
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

/** The ε stream of every ELBO/IW estimate of a model: fixed by its seed, so results repeat. */
function sampleRng(m: Vae): Rng {
  return mulberry32(deriveSeed(m.config.seed, 0xe1b0));
}

/**
 * For the rows of x with k samples each: [Σ log mean_k w, Σ mean_k log w, Σ mean_k log p(x|z)].
 * ε is drawn image-major (image i's k samples are consecutive), so k = 1 draws what the per-epoch
 * test ELBO draws.
 */
function boundSums(m: Vae, x: tf.Tensor2D, k: number, rng: Rng, klDims?: Float64Array): [number, number, number] {
  return tf.tidy(() => {
    const b = x.shape[0];
    const l = m.config.latent;
    const { mu, logvar } = encodeT(m, x);
    if (klDims) {
      const kd = tf.sum(klElements(mu, logvar), 0).dataSync();
      for (let j = 0; j < klDims.length; j++) klDims[j]! += kd[j]!;
    }
    const rep = (t: tf.Tensor2D) =>
      k === 1 ? t : (tf.reshape(tf.tile(tf.expandDims(t, 1), [1, k, 1]), [b * k, t.shape[1]]) as tf.Tensor2D);
    const lvR = rep(logvar);
    const eps = tf.tensor2d(gaussian(b * k * l, rng), [b * k, l]);
    const z = reparameterize(rep(mu), lvR, eps);
    const logPx = tf.neg(reconRows(m.config.loss, decodeT(m, z), rep(x)));
    // log p(z) − log q(z|x) = −½Σ(z² − ε² − log σ²): the 2π constants cancel.
    const logPzMinusLogQz = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.square(z), tf.square(eps)), lvR), 1));
    const w = tf.reshape(tf.add(logPx, logPzMinusLogQz), [b, k]);
    const iw = tf.sum(tf.sub(tf.logSumExp(w, 1), Math.log(k)));
    const elbo = tf.div(tf.sum(w), k);
    const recon = tf.div(tf.sum(logPx), k);
    const v = tf.stack([iw, elbo, recon]).dataSync();
    return [v[0]!, v[1]!, v[2]!];
  });
}

/**
 * Sums of recon and KL over the rows of x (a resident tensor), one sample each: the per-epoch test ELBO.
 * With klDims, also adds each latent dimension's closed-form KL summed over the rows (from the
 * same encoder pass: the training loop's epoch end encodes its test images once, not twice).
 */
export function elboSums(
  m: Vae,
  x: tf.Tensor2D,
  batchSize = 1000,
  klDims?: Float64Array,
): { recon: number; kl: number } {
  const rng = sampleRng(m);
  let elbo = 0;
  let logPx = 0;
  const n = x.shape[0];
  for (let s = 0; s < n; s += batchSize) {
    const b = Math.min(batchSize, n - s);
    const xb = s === 0 && b === n ? x : tf.slice(x, [s, 0], [b, -1]);
    const [, e, r] = boundSums(m, xb, 1, rng, klDims);
    if (xb !== x) xb.dispose();
    elbo += e;
    logPx += r;
  }
  return { recon: -logPx, kl: logPx - elbo };
}

/** Mean single-sample ELBO per image of exactly these images (seeded by the model's seed, so repeatable). */
export function evaluateElbo(model: VaeModel, images: ImageBatch, batchSize = 1000): ElboResult {
  const m = asVae(model);
  assertFits(images, m.shape);
  if (images.n === 0) throw new ContractError('DATASET_EMPTY', 'There are no images to evaluate on.');
  const x = rowsTensor(images);
  try {
    const { recon, kl } = elboSums(m, x, batchSize);
    return { elbo: -(recon + kl) / images.n, recon: recon / images.n, kl: kl / images.n };
  } finally {
    x.dispose();
  }
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
      const [a, b, c] = boundSums(m, xb, k, rng);
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
