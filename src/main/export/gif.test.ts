import * as omggifNs from 'omggif';
import { describe, expect, it } from 'vitest';
import type { ImageBatch } from '../../shared/contract.js';
import { ContractError } from '../../shared/contract.js';
import { GIF_PIXEL_BUDGET } from '../../shared/gif-budget.js';
import { batchSource, encodeGif, encodeGifStream, frameOrder, type GifFrameSource } from './index.js';

// omggif is CommonJS: its exports arrive as the namespace or under .default depending on the loader.
const { GifReader } = (
  (omggifNs as unknown as { GifReader?: unknown }).GifReader
    ? omggifNs
    : (omggifNs as unknown as { default: typeof omggifNs }).default
) as typeof omggifNs;

/** n frames of 4×4 grey: frame f, pixel p has value (f * 40 + p * 13) % 256. */
function greyFrames(n: number): ImageBatch {
  const data = new Uint8Array(n * 16);
  for (let f = 0; f < n; f++) for (let p = 0; p < 16; p++) data[f * 16 + p] = (f * 40 + p * 13) % 256;
  return { data, n, height: 4, width: 4, channels: 1 };
}

function decodeFrame(reader: InstanceType<typeof GifReader>, f: number): Uint8Array {
  const rgba = new Uint8Array(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(f, rgba);
  return rgba;
}

describe('encodeGif', () => {
  it('encodes grey frames with exact grey values, nearest-neighbour upscaled, looping, delay from fps', () => {
    const frames = greyFrames(5);
    const gif = encodeGif(frames, { fps: 10, size: 16, pingpong: false });
    expect(Buffer.from(gif.subarray(0, 6)).toString('latin1')).toBe('GIF89a');
    const reader = new GifReader(gif);
    expect(reader.numFrames()).toBe(5);
    expect([reader.width, reader.height]).toEqual([16, 16]);
    expect(reader.loopCount()).toBe(0);
    expect(reader.frameInfo(0).delay).toBe(10);
    // Frame 3: output pixel (x, y) comes from source pixel (x/4, y/4), all channels equal to it.
    const rgba = decodeFrame(reader, 3);
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const value = (3 * 40 + (Math.floor(y / 4) * 4 + Math.floor(x / 4)) * 13) % 256;
        const o = (y * 16 + x) * 4;
        expect([rgba[o], rgba[o + 1], rgba[o + 2]]).toEqual([value, value, value]);
      }
    }
  });

  it('pingpong appends the frames reversed without repeating the ends', () => {
    expect(frameOrder(5, true)).toEqual([0, 1, 2, 3, 4, 3, 2, 1]);
    expect(frameOrder(2, true)).toEqual([0, 1]);
    const reader = new GifReader(encodeGif(greyFrames(5), { fps: 20, size: 4, pingpong: true }));
    expect(reader.numFrames()).toBe(8);
    expect(reader.frameInfo(0).delay).toBe(5);
    // Frame 5 of the loop is source frame 3.
    expect(decodeFrame(reader, 5)).toEqual(decodeFrame(reader, 3));
    expect(decodeFrame(reader, 5)[0]).toBe(120);
  });

  it('encodes RGB frames through one global palette close to the source colours', () => {
    const n = 3;
    const data = new Uint8Array(n * 8 * 8 * 3);
    const colours = [
      [255, 0, 0],
      [0, 200, 0],
      [20, 40, 250],
    ];
    for (let f = 0; f < n; f++) for (let p = 0; p < 64; p++) data.set(colours[(f + p) % 3]!, (f * 64 + p) * 3);
    const reader = new GifReader(
      encodeGif({ data, n, height: 8, width: 8, channels: 3 }, { fps: 15, size: 32, pingpong: false }),
    );
    expect(reader.numFrames()).toBe(3);
    expect(reader.width).toBe(32);
    expect(reader.frameInfo(1).has_local_palette).toBe(false);
    const rgba = decodeFrame(reader, 1);
    // Output (0,0) is source pixel 0 of frame 1 → colours[1]; output (4,0) is source pixel 1 → colours[2].
    for (const [o, c] of [
      [0, colours[1]!],
      [4, colours[2]!],
    ] as const) {
      for (let k = 0; k < 3; k++) expect(Math.abs(rgba[o * 4 + k]! - c[k]!)).toBeLessThanOrEqual(8);
    }
  });

  it('rejects bad options', () => {
    expect(() => encodeGif(greyFrames(2), { fps: 0, size: 8, pingpong: false })).toThrow(/frame rate/);
    expect(() => encodeGif(greyFrames(0), { fps: 5, size: 8, pingpong: false })).toThrow(/at least one frame/);
  });

  it('refuses more pixels than the budget, stating the numbers and the limit', () => {
    const err = (() => {
      try {
        encodeGif(greyFrames(1000), { fps: 10, size: 2048, pingpong: false });
      } catch (e) {
        return e as ContractError;
      }
    })();
    expect(err).toBeInstanceOf(ContractError);
    expect(err!.code).toBe('BAD_ARGUMENT');
    expect(err!.message).toContain('1000 frames at 2048 × 2048 px is 4,194,304,000 pixels');
    expect(err!.message).toContain(GIF_PIXEL_BUDGET.toLocaleString('en-US'));
    // Ping-pong counts the way back: 300 frames → 598 in the file.
    expect(() => encodeGif(greyFrames(300), { fps: 10, size: 256, pingpong: true })).toThrow(/598 with ping-pong/);
  });
});

/** A source that renders on demand, recording every batch it was asked for. */
function recordingSource(frames: ImageBatch): GifFrameSource & { asked: number[][] } {
  const inner = batchSource(frames);
  const asked: number[][] = [];
  return { ...inner, asked, render: (indices) => (asked.push(indices), inner.render(indices)) };
}

describe('encodeGifStream', () => {
  it('renders a chunk at a time, reports progress, and writes the same GIF as the one-shot encoder', async () => {
    const frames = greyFrames(11);
    const src = recordingSource(frames);
    const progress: [number, number][] = [];
    const options = { fps: 10, size: 12, pingpong: true };
    const gif = await encodeGifStream(src, options, { chunk: 4, onProgress: (d, t) => progress.push([d, t]) });
    expect(gif).toEqual(encodeGif(frames, options));
    // 20 frames in the file (11 + 9 back), rendered 4 at a time, never all at once.
    expect(src.asked.flat()).toEqual(frameOrder(11, true));
    expect(Math.max(...src.asked.map((a) => a.length))).toBe(4);
    expect(progress).toEqual([
      [4, 20],
      [8, 20],
      [12, 20],
      [16, 20],
      [20, 20],
    ]);
  });

  it('stops with CANCELLED at the next chunk once aborted, rendering nothing more', async () => {
    const src = recordingSource(greyFrames(200));
    const abort = new AbortController();
    const run = encodeGifStream(
      src,
      { fps: 10, size: 64, pingpong: false },
      { chunk: 10, signal: abort.signal, onProgress: (done) => done >= 30 && abort.abort() },
    );
    const err = (await run.catch((e: unknown) => e)) as ContractError;
    expect(err).toBeInstanceOf(ContractError);
    expect(err.code).toBe('CANCELLED');
    expect(src.asked.flat()).toHaveLength(30);
  });

  it('builds the RGB palette from a regular sample of large frames, and every frame stays close', async () => {
    // 40 frames of 200×200 RGB: 1.6 M pixels, above the palette sample, so the palette comes from a stride.
    const n = 40;
    const side = 200;
    const colours = [
      [250, 10, 10],
      [10, 220, 10],
      [10, 10, 240],
      [240, 240, 20],
    ];
    const data = new Uint8Array(n * side * side * 3);
    for (let f = 0; f < n; f++)
      for (let p = 0; p < side * side; p++) data.set(colours[(f + Math.floor(p / 7)) % 4]!, (f * side * side + p) * 3);
    const frames: ImageBatch = { data, n, height: side, width: side, channels: 3 };
    const gif = await encodeGifStream(batchSource(frames), { fps: 10, size: side, pingpong: false }, { chunk: 8 });
    const reader = new GifReader(gif);
    expect(reader.numFrames()).toBe(n);
    for (const f of [0, 17, 39]) {
      const rgba = decodeFrame(reader, f);
      for (const p of [0, 7, 14, 21, 39_999]) {
        const c = colours[(f + Math.floor(p / 7)) % 4]!;
        for (let k = 0; k < 3; k++) expect(Math.abs(rgba[p * 4 + k]! - c[k]!)).toBeLessThanOrEqual(8);
      }
    }
  });
});
