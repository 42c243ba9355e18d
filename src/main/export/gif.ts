// Animated GIFs from image frames with gifenc. Grayscale frames use an exact 256-grey palette
// (index = grey value, no quantisation); RGB frames share one palette quantised from all frames'
// colours (a regular sample of them beyond PALETTE_SAMPLE_PIXELS). Frames are rendered, scaled and
// written a chunk at a time, within the one size budget of shared/gif-budget.ts.
import * as gifencNs from 'gifenc';
import { ContractError, type ImageBatch } from '../../shared/contract.js';
import { checkGifBudget } from '../../shared/gif-budget.js';
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

/** Where the frames come from: rendered (decoded) on demand, a few at a time, never all at once. */
export interface GifFrameSource {
  n: number;
  height: number;
  width: number;
  channels: 1 | 3;
  /** The frames at these indices (0..n-1), in that order. */
  render(indices: number[]): ImageBatch;
}

export interface GifStreamOptions {
  /** Frames rendered per step (default 32): what is in memory at once besides the output. */
  chunk?: number;
  /** Called after each step: frames done of the total (RGB counts the palette pass too). */
  onProgress?(done: number, total: number): void;
  /** Aborting stops at the next step with CANCELLED. */
  signal?: AbortSignal;
}

/** Most pixels sampled to build an RGB palette: all of them for small GIFs, a stride beyond. */
const PALETTE_SAMPLE_PIXELS = 1 << 20;
const DEFAULT_CHUNK = 32;

function checkOptions(n: number, options: GifEncodeOptions): void {
  if (n < 1) throw new ContractError('BAD_ARGUMENT', 'A GIF needs at least one frame.');
  if (!(options.fps > 0 && options.fps <= 100)) {
    throw new ContractError('BAD_ARGUMENT', `GIF frame rate must be above 0 and at most 100 fps, got ${options.fps}.`);
  }
  if (!Number.isInteger(options.size) || options.size < 1 || options.size > 4096) {
    throw new ContractError(
      'BAD_ARGUMENT',
      `GIF size must be a whole number from 1 to 4096 pixels, got ${options.size}.`,
    );
  }
  checkGifBudget(n, options.size, options.pingpong);
}

function rgbaOf(rgb: Uint8Array, pixels: number, stride = 1): Uint8Array {
  const count = Math.ceil(pixels / stride);
  const rgba = new Uint8Array(count * 4);
  for (let k = 0; k < count; k++) {
    const p = k * stride;
    rgba[4 * k] = rgb[3 * p]!;
    rgba[4 * k + 1] = rgb[3 * p + 1]!;
    rgba[4 * k + 2] = rgb[3 * p + 2]!;
    rgba[4 * k + 3] = 255;
  }
  return rgba;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The encoding as steps: each yields progress after rendering and writing one chunk of frames, and
 * the generator returns the GIF. Memory: one chunk of frames at their own size, one scaled frame, and
 * the output. RGB takes a first pass that samples colours for the one global palette.
 */
function* encodeSteps(
  src: GifFrameSource,
  options: GifEncodeOptions,
  chunk: number,
): Generator<{ done: number; total: number }, Uint8Array> {
  checkOptions(src.n, options);
  const pixels = src.height * src.width;
  const order = frameOrder(src.n, options.pingpong);
  const rgb = src.channels === 3;
  const total = order.length + (rgb ? src.n : 0);
  let done = 0;
  let palette = GREY_PALETTE;
  if (rgb) {
    const stride = Math.max(1, Math.ceil((src.n * pixels) / PALETTE_SAMPLE_PIXELS));
    const samples: Uint8Array[] = [];
    for (const part of chunks(
      Array.from({ length: src.n }, (_, i) => i),
      chunk,
    )) {
      const batch = src.render(part);
      // One stride over all frames' pixels taken together (with stride 1: every pixel).
      for (let f = 0; f < part.length; f++) {
        const first = (stride - ((part[f]! * pixels) % stride)) % stride;
        const frame = batch.data.subarray(f * pixels * 3, (f + 1) * pixels * 3);
        if (first < pixels) samples.push(rgbaOf(frame.subarray(first * 3), pixels - first, stride));
      }
      done += part.length;
      yield { done, total };
    }
    const all = new Uint8Array(samples.reduce((a, s) => a + s.length, 0));
    let at = 0;
    for (const s of samples) {
      all.set(s, at);
      at += s.length;
    }
    palette = gifenc.quantize(all, 256);
  }
  const out = fitSize(src.width, src.height, options.size);
  const delay = Math.round(1000 / options.fps);
  const gif = gifenc.GIFEncoder();
  let k = 0;
  for (const part of chunks(order, chunk)) {
    const batch = src.render(part);
    for (let f = 0; f < part.length; f++) {
      const indexed = rgb
        ? // applyPalette reads the whole underlying buffer (ignoring byteOffset): a frame of its own.
          gifenc.applyPalette(rgbaOf(batch.data.subarray(f * pixels * 3, (f + 1) * pixels * 3), pixels), palette)
        : batch.data.subarray(f * pixels, (f + 1) * pixels);
      const scaled = scaleNearest(indexed, src.width, src.height, out.width, out.height);
      // The first frame carries the global palette and the loop-forever extension.
      if (k === 0) gif.writeFrame(scaled, out.width, out.height, { palette, delay, repeat: 0 });
      else gif.writeFrame(scaled, out.width, out.height, { delay });
      k++;
    }
    done += part.length;
    yield { done, total };
  }
  gif.finish();
  return gif.bytes();
}

/** Frames held in one batch, as a source (the CLI and tests; the worker renders on demand). */
export function batchSource(frames: ImageBatch): GifFrameSource {
  const per = frames.height * frames.width * frames.channels;
  return {
    n: frames.n,
    height: frames.height,
    width: frames.width,
    channels: frames.channels,
    render(indices) {
      const data = new Uint8Array(indices.length * per);
      indices.forEach((i, k) => data.set(frames.data.subarray(i * per, (i + 1) * per), k * per));
      return { ...frames, data, n: indices.length };
    },
  };
}

export function encodeGif(frames: ImageBatch, options: GifEncodeOptions): Uint8Array {
  const steps = encodeSteps(batchSource(frames), options, DEFAULT_CHUNK);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Streams the encoding: frames rendered and written a chunk at a time, yielding to the event loop
 * between chunks (so a cancel message gets through), with progress after each.
 */
export async function encodeGifStream(
  src: GifFrameSource,
  options: GifEncodeOptions,
  stream: GifStreamOptions = {},
): Promise<Uint8Array> {
  const steps = encodeSteps(src, options, Math.max(1, stream.chunk ?? DEFAULT_CHUNK));
  for (;;) {
    if (stream.signal?.aborted) throw new ContractError('CANCELLED', 'The GIF export was cancelled.');
    const r = steps.next();
    if (r.done) return r.value;
    stream.onProgress?.(r.value.done, r.value.total);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
