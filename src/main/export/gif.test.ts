import * as omggifNs from 'omggif';
import { describe, expect, it } from 'vitest';
import type { ImageBatch } from '../../shared/contract.js';
import { encodeGif, frameOrder } from './index.js';

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
});
