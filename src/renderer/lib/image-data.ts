// Pure conversions from the contract's ImageBatch (HWC, 0..255, 1 or 3 channels) to RGBA pixels that a
// canvas ImageData takes. No DOM here so the logic is unit-testable in node.
import type { ImageBatch } from '../../shared/contract';

export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** RGBA pixels of image `index` of the batch. */
export function imageToRgba(batch: ImageBatch, index: number): RgbaImage {
  if (!Number.isInteger(index) || index < 0 || index >= batch.n) {
    throw new RangeError(`image ${index} is outside the batch of ${batch.n}`);
  }
  const { width, height, channels } = batch;
  const size = width * height;
  const out = new Uint8ClampedArray(size * 4);
  const src = batch.data;
  const base = index * size * channels;
  if (channels === 1) {
    for (let p = 0; p < size; p++) {
      const v = src[base + p]!;
      const o = p * 4;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  } else {
    for (let p = 0; p < size; p++) {
      const s = base + p * 3;
      const o = p * 4;
      out[o] = src[s]!;
      out[o + 1] = src[s + 1]!;
      out[o + 2] = src[s + 2]!;
      out[o + 3] = 255;
    }
  }
  return { data: out, width, height };
}

export interface TileOptions {
  /** Images per row; default: all in one row. */
  cols?: number;
  /** Pixels between tiles (filled with `background`). */
  gap?: number;
  /** RGBA of the gaps and empty cells; default transparent. */
  background?: [number, number, number, number];
  /** Which images of the batch, in order; default all. */
  indices?: number[];
}

/** Several images of a batch laid out in a grid, at 1:1 pixels (the canvas scales them). */
export function tileImages(batch: ImageBatch, opts: TileOptions = {}): RgbaImage {
  const indices = opts.indices ?? Array.from({ length: batch.n }, (_, i) => i);
  const count = indices.length;
  const cols = Math.max(1, Math.min(opts.cols ?? count, Math.max(count, 1)));
  const rows = Math.max(1, Math.ceil(count / cols));
  const gap = opts.gap ?? 0;
  const { width: w, height: h } = batch;
  const width = cols * w + (cols - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  const out = new Uint8ClampedArray(width * height * 4);
  const bg = opts.background ?? [0, 0, 0, 0];
  if (bg.some((v) => v !== 0)) {
    for (let o = 0; o < out.length; o += 4) out.set(bg, o);
  }
  indices.forEach((imageIndex, k) => {
    const img = imageToRgba(batch, imageIndex);
    const x0 = (k % cols) * (w + gap);
    const y0 = Math.floor(k / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      out.set(img.data.subarray(y * w * 4, (y + 1) * w * 4), ((y0 + y) * width + x0) * 4);
    }
  });
  return { data: out, width, height };
}

/** The largest integer scale at which `src` pixels fit in `available` pixels (at least 1): crisp pixels. */
export function integerScale(src: number, available: number): number {
  if (src <= 0) return 1;
  return Math.max(1, Math.floor(available / src));
}

/** A batch holding only image `index` of `batch` (no copy of the pixels). */
export function sliceBatch(batch: ImageBatch, index: number, count = 1): ImageBatch {
  const per = batch.width * batch.height * batch.channels;
  return { ...batch, n: count, data: batch.data.subarray(index * per, (index + count) * per) };
}

/** Batches of the same image shape, one after the other (e.g. originals over reconstructions). */
export function concatBatches(...batches: ImageBatch[]): ImageBatch {
  const first = batches[0];
  if (!first) throw new RangeError('no batches to join');
  for (const b of batches) {
    if (b.width !== first.width || b.height !== first.height || b.channels !== first.channels) {
      throw new RangeError(
        `cannot join ${b.width}×${b.height}×${b.channels} to ${first.width}×${first.height}×${first.channels}`,
      );
    }
  }
  const data = new Uint8Array(batches.reduce((s, b) => s + b.data.length, 0));
  let o = 0;
  for (const b of batches) {
    data.set(b.data, o);
    o += b.data.length;
  }
  return { ...first, data, n: batches.reduce((s, b) => s + b.n, 0) };
}
