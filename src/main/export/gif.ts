// Animated GIFs from image frames with gifenc. Grayscale frames use an exact 256-grey palette
// (index = grey value, no quantisation); RGB frames share one palette quantised from all frames.
import * as gifencNs from 'gifenc';
import { ContractError, type ImageBatch } from '../../shared/contract.js';
import type { GifEncodeOptions } from './api.js';
import { fitSize, scaleNearest } from './scale.js';

// gifenc's export shape differs between Node ESM (namespace has .default) and Vite (named exports).
const gifenc = (
  (gifencNs as unknown as { GIFEncoder?: unknown }).GIFEncoder
    ? gifencNs
    : (gifencNs as unknown as { default: typeof gifencNs }).default
) as typeof gifencNs;

const GREY_PALETTE = Array.from({ length: 256 }, (_, i) => [i, i, i]);

/** Frame order: 0..n-1, then with pingpong n-2..1 (the two ends are not repeated). */
export function frameOrder(n: number, pingpong: boolean): number[] {
  const forward = Array.from({ length: n }, (_, i) => i);
  if (!pingpong || n < 3) return forward;
  return [...forward, ...forward.slice(1, -1).reverse()];
}

function checkOptions(frames: ImageBatch, options: GifEncodeOptions): void {
  if (frames.n < 1) throw new ContractError('BAD_ARGUMENT', 'A GIF needs at least one frame.');
  if (!(options.fps > 0 && options.fps <= 100)) {
    throw new ContractError('BAD_ARGUMENT', `GIF frame rate must be above 0 and at most 100 fps, got ${options.fps}.`);
  }
  if (!Number.isInteger(options.size) || options.size < 1 || options.size > 4096) {
    throw new ContractError(
      'BAD_ARGUMENT',
      `GIF size must be a whole number from 1 to 4096 pixels, got ${options.size}.`,
    );
  }
}

/** Per frame, the palette index of every pixel at the frames' own resolution, and the palette. */
function indexFrames(frames: ImageBatch): { indexed: Uint8Array[]; palette: number[][] } {
  const pixels = frames.height * frames.width;
  if (frames.channels === 1) {
    const indexed = Array.from({ length: frames.n }, (_, f) => frames.data.subarray(f * pixels, (f + 1) * pixels));
    return { indexed, palette: GREY_PALETTE };
  }
  const rgba = new Uint8Array(frames.n * pixels * 4);
  for (let p = 0; p < frames.n * pixels; p++) {
    rgba[4 * p] = frames.data[3 * p]!;
    rgba[4 * p + 1] = frames.data[3 * p + 1]!;
    rgba[4 * p + 2] = frames.data[3 * p + 2]!;
    rgba[4 * p + 3] = 255;
  }
  const palette = gifenc.quantize(rgba, 256);
  // slice, not subarray: applyPalette reads the whole underlying buffer, ignoring byteOffset.
  const indexed = Array.from({ length: frames.n }, (_, f) =>
    gifenc.applyPalette(rgba.slice(f * pixels * 4, (f + 1) * pixels * 4), palette),
  );
  return { indexed, palette };
}

export function encodeGif(frames: ImageBatch, options: GifEncodeOptions): Uint8Array {
  checkOptions(frames, options);
  const { indexed, palette } = indexFrames(frames);
  const out = fitSize(frames.width, frames.height, options.size);
  const scaled = indexed.map((idx) => scaleNearest(idx, frames.width, frames.height, out.width, out.height));
  const delay = Math.round(1000 / options.fps);
  const gif = gifenc.GIFEncoder();
  frameOrder(frames.n, options.pingpong).forEach((f, k) => {
    // The first frame carries the global palette and the loop-forever extension.
    if (k === 0) gif.writeFrame(scaled[f]!, out.width, out.height, { palette, delay, repeat: 0 });
    else gif.writeFrame(scaled[f]!, out.width, out.height, { delay });
  });
  gif.finish();
  return gif.bytes();
}
