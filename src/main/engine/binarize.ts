// Stochastic binarisation of grey-level pixels (Salakhutdinov & Murray 2008; Burda et al. 2015): a
// pixel is on with probability equal to its grey level. Training samples each batch anew (dynamic
// binarisation); the test set is binarised once with a fixed seed, the same for every model, so the
// IW-NLL of two models is measured on the same digits and compares with published results.
import type { ImageBatch } from '../../shared/contract.js';
import { deriveSeed, mulberry32, type Rng } from './prng.js';

/** Seed of the one binarisation of a test set: a constant, not the model's seed (see above). */
export const BINARIZED_TEST_SEED = 0xb1a2;

/** In place: each value in [0, 1] becomes 1 with probability equal to it, else 0. */
export function binarizeRows(rows: Float32Array, rng: Rng): Float32Array {
  for (let i = 0; i < rows.length; i++) rows[i] = rng() < rows[i]! ? 1 : 0;
  return rows;
}

/** A binarised copy (pixels 0 or 255), the same for the same images every time. */
export function binarizedTestImages(images: ImageBatch): ImageBatch {
  const rng = mulberry32(deriveSeed(BINARIZED_TEST_SEED, 0));
  const data = new Uint8Array(images.data.length);
  for (let i = 0; i < data.length; i++) data[i] = rng() < images.data[i]! / 255 ? 255 : 0;
  return { ...images, data };
}

/** The images a model is tested on: binarised once when it was trained on binarised pixels. */
export function testImagesFor(config: { binarize: boolean }, images: ImageBatch): ImageBatch {
  return config.binarize ? binarizedTestImages(images) : images;
}
