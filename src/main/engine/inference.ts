// Inference and metrics on a trained model: encode, decode, reconstruct, ELBO, importance-weighted NLL.
import * as tf from '@tensorflow/tfjs';
import { ContractError, type ImageBatch, type Matrix } from '../../shared/contract.js';
import type { ElboResult, VaeModel } from './api.js';
import { assertFits, rowsTensor, toImageBatch } from './images.js';
import { klElements, reconRows, reparameterize } from './loss.js';
import { asVae, decodeT, encodeT, type Vae } from './model.js';
import { deriveSeed, gaussian, mulberry32, type Rng } from './prng.js';
import { yieldToEventLoop } from './yield.js';

const LOG_2PI = Math.log(2 * Math.PI);

export function encode(model: VaeModel, images: ImageBatch, batchSize = 1000): { mu: Matrix; logvar: Matrix } {
  const m = asVae(model);
  assertFits(images, m.shape);
  const l = m.config.latent;
  const mu = new Float32Array(images.n * l);
  const logvar = new Float32Array(images.n * l);
  for (let s = 0; s < images.n; s += batchSize) {
    const e = Math.min(images.n, s + batchSize);
    tf.tidy(() => {
      const r = encodeT(m, rowsTensor(images, s, e));
      mu.set(r.mu.dataSync(), s * l);
      logvar.set(r.logvar.dataSync(), s * l);
    });
  }
  return { mu: { data: mu, rows: images.n, cols: l }, logvar: { data: logvar, rows: images.n, cols: l } };
}

export function decode(model: VaeModel, z: Matrix): ImageBatch {
  const m = asVae(model);
  if (z.cols !== m.config.latent || z.data.length < z.rows * z.cols) {
    throw new ContractError('BAD_ARGUMENT', `Latent codes must have ${m.config.latent} columns (got ${z.cols}).`);
  }
  return imagesOf(
    tf.tidy(() => tf.sigmoid(decodeT(m, tf.tensor2d(z.data.subarray(0, z.rows * z.cols), [z.rows, z.cols])))),
    m,
  );
}

/** Decodes μ of each image (no sampling), so the same image always reconstructs the same way. */
export function reconstruct(model: VaeModel, images: ImageBatch): ImageBatch {
  const m = asVae(model);
  assertFits(images, m.shape);
  return imagesOf(
    tf.tidy(() => tf.sigmoid(decodeT(m, encodeT(m, rowsTensor(images)).mu))),
    m,
  );
}

function imagesOf(probs: tf.Tensor2D, m: Vae): ImageBatch {
  try {
    return toImageBatch(probs, m.shape);
  } finally {
    probs.dispose();
  }
}

function epsTensor(rows: number, cols: number, rng: Rng): tf.Tensor2D {
  return tf.tensor2d(gaussian(rows * cols, rng), [rows, cols]);
}

/** Sums of recon and KL over the rows of x (a resident tensor), single-sample, β = 1. */
export function elboSums(
  m: Vae,
  x: tf.Tensor2D,
  rng: Rng,
  batchSize = 1000,
): { recon: number; kl: number; klDims: Float64Array } {
  let recon = 0;
  let kl = 0;
  // KL summed per latent dimension over the images: the per-epoch history the Metrics panel charts.
  const klDims = new Float64Array(m.config.latent);
  const n = x.shape[0];
  for (let s = 0; s < n; s += batchSize) {
    const b = Math.min(batchSize, n - s);
    const v = tf.tidy(() => {
      const xb = s === 0 && b === n ? x : tf.slice(x, [s, 0], [b, -1]);
      const { mu, logvar } = encodeT(m, xb);
      const z = reparameterize(mu, logvar, epsTensor(b, m.config.latent, rng));
      const perDim = tf.sum(klElements(mu, logvar), 0);
      return tf
        .concat([tf.stack([tf.sum(reconRows(m.config.loss, decodeT(m, z), xb)), tf.sum(perDim)]), perDim])
        .dataSync();
    });
    recon += v[0]!;
    kl += v[1]!;
    for (let j = 0; j < klDims.length; j++) klDims[j]! += v[2 + j]!;
  }
  return { recon, kl, klDims };
}

/** Mean single-sample ELBO per image (seeded by the model's seed, so repeatable). */
export function evaluateElbo(model: VaeModel, images: ImageBatch, batchSize = 1000): ElboResult {
  const m = asVae(model);
  assertFits(images, m.shape);
  if (images.n === 0) throw new ContractError('DATASET_EMPTY', 'There are no images to evaluate on.');
  const rng = mulberry32(deriveSeed(m.config.seed, 0xe1b0));
  let recon = 0;
  let kl = 0;
  for (let s = 0; s < images.n; s += batchSize) {
    const e = Math.min(images.n, s + batchSize);
    const x = rowsTensor(images, s, e);
    const r = elboSums(m, x, rng, batchSize);
    x.dispose();
    recon += r.recon;
    kl += r.kl;
  }
  return { elbo: -(recon + kl) / images.n, recon: recon / images.n, kl: kl / images.n };
}

/**
 * −log p(x) ≈ −log (1/K) Σ_k p(x|z_k) p(z_k) / q(z_k|x), z_k ~ q(z|x), averaged over images.
 * For 'mse' the decoder is read as a unit-variance Gaussian (its normalising constant included).
 */
export async function iwNll(
  model: VaeModel,
  images: ImageBatch,
  k: number,
  seed: number,
  onProgress?: (done: number, total: number) => void,
  isCancelled?: () => boolean,
): Promise<number> {
  const m = asVae(model);
  assertFits(images, m.shape);
  if (!Number.isInteger(k) || k < 1 || k > 100000)
    throw new ContractError(
      'BAD_ARGUMENT',
      `The number of importance samples must be an integer from 1 to 100000 (got ${k}).`,
    );
  if (images.n === 0) throw new ContractError('DATASET_EMPTY', 'There are no images to evaluate on.');
  const l = m.config.latent;
  const d = m.imageSize;
  const rng = mulberry32(deriveSeed(seed, 0x1a11));
  const perBatch = Math.max(1, Math.floor(4096 / k));
  let total = 0;
  for (let s = 0; s < images.n; s += perBatch) {
    if (isCancelled?.()) throw new ContractError('CANCELLED', 'The evaluation was cancelled.');
    const e = Math.min(images.n, s + perBatch);
    const b = e - s;
    total += tf.tidy(() => {
      const x = rowsTensor(images, s, e);
      const { mu, logvar } = encodeT(m, x);
      // Rows ordered image-major: image i's K samples are rows i·K … i·K+K−1.
      const rep = (t: tf.Tensor2D, cols: number) =>
        tf.reshape(tf.tile(tf.expandDims(t, 1), [1, k, 1]), [b * k, cols]) as tf.Tensor2D;
      const muR = rep(mu, l);
      const lvR = rep(logvar, l);
      const eps = epsTensor(b * k, l, rng);
      const z = reparameterize(muR, lvR, eps);
      const logits = decodeT(m, z);
      let logPx = tf.neg(reconRows(m.config.loss, logits, rep(x, d)));
      if (m.config.loss === 'mse') logPx = tf.sub(logPx, (d / 2) * LOG_2PI);
      // log p(z) − log q(z|x): the 2π constants cancel.
      const logPz = tf.mul(-0.5, tf.sum(tf.square(z), 1));
      const logQz = tf.mul(-0.5, tf.sum(tf.add(tf.square(eps), lvR), 1));
      const w = tf.reshape(tf.add(logPx, tf.sub(logPz, logQz)), [b, k]);
      const logMean = tf.sub(tf.logSumExp(w, 1), Math.log(k));
      return -tf.sum(logMean).dataSync()[0]!;
    });
    onProgress?.(e, images.n);
    await yieldToEventLoop();
  }
  return total / images.n;
}
