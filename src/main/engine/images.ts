// ImageBatch (uint8 HWC) ↔ rows of floats in [0, 1].
import * as tf from '@tensorflow/tfjs';
import { ContractError, type ImageBatch } from '../../shared/contract.js';
import type { ImageShape } from './api.js';

export function unitRows(batch: ImageBatch, start = 0, end = batch.n): Float32Array {
  const d = batch.height * batch.width * batch.channels;
  const src = batch.data.subarray(start * d, end * d);
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i]! / 255;
  return out;
}

export function rowsTensor(batch: ImageBatch, start = 0, end = batch.n): tf.Tensor2D {
  const d = batch.height * batch.width * batch.channels;
  return tf.tensor2d(unitRows(batch, start, end), [end - start, d]);
}

/** Probabilities [n, d] → uint8 images (rounded). Disposes nothing. */
export function toImageBatch(probs: tf.Tensor2D, shape: ImageShape): ImageBatch {
  const p = probs.dataSync();
  const data = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, p[i]!)) * 255);
  return { data, n: probs.shape[0], height: shape.height, width: shape.width, channels: shape.channels };
}

export function assertFits(batch: ImageBatch, shape: ImageShape): void {
  if (batch.height !== shape.height || batch.width !== shape.width || batch.channels !== shape.channels) {
    throw new ContractError(
      'MODEL_INCOMPATIBLE',
      `The model expects ${shape.width}×${shape.height} images with ${shape.channels} channel(s), but the data is ${batch.width}×${batch.height} with ${batch.channels}. Train a new model on this dataset or open a matching one.`,
    );
  }
  if (batch.data.length < batch.n * batch.height * batch.width * batch.channels) {
    throw new ContractError(
      'BAD_ARGUMENT',
      `The image batch holds ${batch.data.length} bytes, fewer than its ${batch.n} images need.`,
    );
  }
}
