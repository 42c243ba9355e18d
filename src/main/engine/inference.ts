// Inference on a trained model: encode, decode, reconstruct (the metrics are in metrics.ts).
import * as tf from '@tensorflow/tfjs';
import { ContractError, type ImageBatch, type Matrix } from '../../shared/contract.js';
import type { VaeModel } from './api.js';
import { assertFits, rowsTensor, toImageBatch } from './images.js';
import { asVae, decodeT, encodeT, type Vae } from './model.js';

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
