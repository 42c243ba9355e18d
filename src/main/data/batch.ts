// Image batch helpers: views, gathers, and the `limit` cap applied to a loaded dataset.
import { ContractError, type ImageBatch } from '../../shared/contract.js';
import type { LoadedDataset } from './api.js';

function imageSize(images: ImageBatch): number {
  return images.height * images.width * images.channels;
}

/** A view (no copy) of images [start, end). */
export function sliceImages(images: ImageBatch, start: number, end: number): ImageBatch {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > images.n) {
    throw new ContractError('BAD_ARGUMENT', `Image range [${start}, ${end}) is outside 0..${images.n}.`);
  }
  const size = imageSize(images);
  return { ...images, n: end - start, data: images.data.subarray(start * size, end * size) };
}

/** Gathers images by index into a new batch (copy). */
export function pickImages(images: ImageBatch, indices: number[]): ImageBatch {
  const size = imageSize(images);
  const data = new Uint8Array(indices.length * size);
  indices.forEach((index, k) => {
    if (!Number.isInteger(index) || index < 0 || index >= images.n) {
      throw new ContractError('BAD_ARGUMENT', `Image index ${index} is outside 0..${images.n - 1}.`);
    }
    data.set(images.data.subarray(index * size, (index + 1) * size), k * size);
  });
  return { ...images, n: indices.length, data };
}

/** Gathers labels by index (copy). */
export function pickLabels(labels: Int32Array, indices: number[]): Int32Array {
  const out = new Int32Array(indices.length);
  indices.forEach((index, k) => (out[k] = labels[index]!));
  return out;
}

/**
 * Caps the train split at `limit` images and the test split proportionally (at least one when the
 * dataset has any). The first images of each split are kept. limit 0/undefined = unchanged.
 */
export function applyLimit(dataset: LoadedDataset, limit: number | undefined): LoadedDataset {
  const { info } = dataset;
  if (!limit || limit <= 0 || limit >= info.trainCount) return dataset;
  if (!Number.isInteger(limit)) throw new ContractError('BAD_ARGUMENT', `limit must be a whole number, got ${limit}.`);
  const trainCount = limit;
  const testCount =
    info.testCount === 0
      ? 0
      : Math.min(info.testCount, Math.max(1, Math.round((info.testCount * limit) / info.trainCount)));
  const indices = [
    ...Array.from({ length: trainCount }, (_, i) => i),
    ...Array.from({ length: testCount }, (_, i) => info.trainCount + i),
  ];
  return {
    ...dataset,
    info: {
      ...info,
      fingerprint: `${info.fingerprint}-limit${limit}`,
      count: trainCount + testCount,
      trainCount,
      testCount,
    },
    images: pickImages(dataset.images, indices),
    labels: pickLabels(dataset.labels, indices),
    fileNames: dataset.fileNames ? indices.map((i) => dataset.fileNames![i]!) : null,
  };
}
