// Test and benchmark helper (not part of the engine API): reads the built-in MNIST-10k IDX files
// directly, so engine tests do not depend on the data layer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../../shared/contract.js';

export const MNIST_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../resources/mnist');

export function readIdxImages(file: string, limit = 0): ImageBatch {
  let buf = readFileSync(file);
  if (file.endsWith('.gz')) buf = gunzipSync(buf);
  if (buf.readUInt32BE(0) !== 2051) throw new Error(`${file}: not an IDX image file`);
  const total = buf.readUInt32BE(4);
  const height = buf.readUInt32BE(8);
  const width = buf.readUInt32BE(12);
  const n = limit > 0 ? Math.min(limit, total) : total;
  const data = new Uint8Array(buf.buffer, buf.byteOffset + 16, n * height * width).slice();
  return { data, n, height, width, channels: 1 };
}

export function mnist(split: 'train' | 't10k', limit = 0): ImageBatch {
  return readIdxImages(path.join(MNIST_DIR, `${split}-images-idx3-ubyte.gz`), limit);
}

/**
 * Runs f on the cpu backend and switches back to wasm: wasm has no Conv2DBackpropFilter kernel, so
 * reference gradients (tfjs's own) come from cpu.
 */
export async function onCpu<T>(f: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}
