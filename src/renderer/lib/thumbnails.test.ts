import { describe, expect, it } from 'vitest';
import type { ImageBatch } from '../../shared/contract';
import { ThumbnailAtlas } from './thumbnail-atlas';
import {
  chooseThumbnails,
  THUMBNAIL_MAX,
  THUMBNAIL_MAX_PX,
  THUMBNAIL_MIN_PX,
  typicalSpacing,
} from './thumbnail-choice';

/** Points on a square grid `gap` px apart starting at (10, 10), depth = index + 1. */
function grid(n: number, gap: number): { xy: Float32Array; depth: Float32Array } {
  const side = Math.ceil(Math.sqrt(n));
  const xy = new Float32Array(n * 2);
  const depth = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xy[i * 2] = 10 + (i % side) * gap;
    xy[i * 2 + 1] = 10 + Math.floor(i / side) * gap;
    depth[i] = i + 1;
  }
  return { xy, depth };
}

describe('typicalSpacing', () => {
  it('is the gap between neighbours of a regular lattice, in 3-D and in a plane', () => {
    const lattice = (side: number, step: number, dims: 2 | 3) => {
      const out: number[] = [];
      for (let x = 0; x < side; x++)
        for (let y = 0; y < side; y++)
          for (let z = 0; z < (dims === 3 ? side : 1); z++) out.push(x * step, y * step, z * step);
      return Float32Array.from(out);
    };
    expect(typicalSpacing(lattice(10, 0.1, 3))).toBeCloseTo(0.1, 6);
    expect(typicalSpacing(lattice(30, 0.02, 2))).toBeCloseTo(0.02, 6);
    expect(typicalSpacing(Float32Array.of(1, 2, 3))).toBe(0);
  });
});

describe('chooseThumbnails', () => {
  it('zoomed in: points whose gap, seen at their depth, is wide enough, sized to it, farthest first', () => {
    const { xy, depth } = grid(16, 40);
    // A gap of 100 px at depth 1: 50 px at depth 2 ... 20 px at depth 5, 16.7 px (too small) at depth 6.
    const c = chooseThumbnails(xy, depth, 800, 600, 100);
    expect(c.indices).toEqual([4, 3, 2, 1, 0]);
    expect(c.sizes).toEqual([20, 25, 33, 50, 100]);
  });

  it('zoomed out (every gap under THUMBNAIL_MIN_PX): none', () => {
    const { xy, depth } = grid(100, 5);
    expect(chooseThumbnails(xy, depth, 800, 600, THUMBNAIL_MIN_PX * 0.99)).toEqual({ indices: [], sizes: [] });
  });

  it('at most THUMBNAIL_MAX, the ones nearest the camera; hidden, off-canvas and behind never', () => {
    const { xy, depth } = grid(900, 30);
    depth.fill(1);
    for (let i = 0; i < 900; i++) depth[i] = 1 + (900 - i) / 1000; // the last points are the nearest
    xy[899 * 2] = Number.NaN; // hidden
    xy[898 * 2] = 50_000; // off the canvas
    depth[897] = -1; // behind the camera
    const c = chooseThumbnails(xy, depth, 1e4, 1e4, 1000);
    expect(c.indices).toHaveLength(THUMBNAIL_MAX);
    expect(c.indices).not.toContain(899);
    expect(c.indices).not.toContain(898);
    expect(c.indices).not.toContain(897);
    expect(Math.min(...c.indices)).toBe(900 - 3 - THUMBNAIL_MAX);
    expect(c.indices.at(-1)).toBe(896);
    expect(c.sizes.every((s) => s === THUMBNAIL_MAX_PX)).toBe(true);
  });

  it('in a plane (all at one depth), the points nearest the camera are those in the middle', () => {
    const { xy, depth } = grid(900, 30);
    depth.fill(1);
    const distance = Float32Array.from({ length: 900 }, (_, i) => Math.hypot(xy[i * 2]! - 400, xy[i * 2 + 1]! - 400));
    const c = chooseThumbnails(xy, depth, 1e4, 1e4, 1000, distance);
    expect(c.indices).toHaveLength(THUMBNAIL_MAX);
    // The grid point at (400, 400) is drawn last (on top); a corner is not chosen.
    expect(c.indices.at(-1)).toBe(13 * 30 + 13);
    expect(c.indices).not.toContain(0);
  });
});

describe('ThumbnailAtlas', () => {
  const batch = (values: number[], channels: 1 | 3 = 1): ImageBatch => ({
    data: Uint8Array.from(values.flatMap((v) => Array<number>(4 * channels).fill(v))),
    n: values.length,
    height: 2,
    width: 2,
    channels,
  });
  const cellPixel = (a: ThumbnailAtlas, slot: number, x: number, y: number) => {
    const o = ((Math.floor(slot / a.cols) * a.cellHeight + y) * a.width + (slot % a.cols) * a.cellWidth + x) * 4;
    return [...a.data.subarray(o, o + 4)];
  };

  it('writes each image into its own cell as opaque RGBA, grey expanded to RGB', () => {
    const a = new ThumbnailAtlas(2, 2);
    expect(a.cols * a.rows).toBeGreaterThanOrEqual(THUMBNAIL_MAX);
    a.add([7, 3], batch([10, 200]), new Set([7, 3]));
    expect(cellPixel(a, a.slot(7)!, 1, 1)).toEqual([10, 10, 10, 255]);
    expect(cellPixel(a, a.slot(3)!, 0, 0)).toEqual([200, 200, 200, 255]);
    expect(a.missing([3, 7, 9])).toEqual([9]);
  });

  it('frees the cells of images no longer wanted and reuses them', () => {
    const a = new ThumbnailAtlas(2, 2);
    a.add([1, 2], batch([1, 2]), new Set([1, 2]));
    const slotOf1 = a.slot(1);
    a.add([5], batch([50]), new Set([2, 5]));
    expect(a.slot(1)).toBeUndefined();
    expect(a.slot(5)).toBe(slotOf1);
    expect(cellPixel(a, a.slot(5)!, 0, 1)).toEqual([50, 50, 50, 255]);
    expect(cellPixel(a, a.slot(2)!, 0, 1)).toEqual([2, 2, 2, 255]);
  });

  it('keeps RGB images in colour and refuses images of another size', () => {
    const a = new ThumbnailAtlas(2, 2);
    const rgb: ImageBatch = {
      data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
      n: 1,
      height: 2,
      width: 2,
      channels: 3,
    };
    a.add([0], rgb, new Set([0]));
    expect(cellPixel(a, a.slot(0)!, 1, 1)).toEqual([10, 11, 12, 255]);
    expect(() => a.add([1], { ...rgb, width: 3 }, new Set([1]))).toThrow(RangeError);
  });
});
