import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImageBatch } from '../../shared/contract';
import { concatBatches, imageToRgba, integerScale, sliceBatch, tileImages } from './image-data';

// Real MNIST digits from the bundled IDX resource.
function mnist(n: number): ImageBatch {
  const raw = gunzipSync(readFileSync(new URL('../../../resources/mnist/t10k-images-idx3-ubyte.gz', import.meta.url)));
  const count = raw.readUInt32BE(4);
  expect(count).toBeGreaterThanOrEqual(n);
  return { data: new Uint8Array(raw.subarray(16, 16 + n * 784)), n, height: 28, width: 28, channels: 1 };
}

describe('imageToRgba', () => {
  it('expands a grayscale digit to opaque RGBA with equal channels', () => {
    const batch = mnist(3);
    const img = imageToRgba(batch, 2);
    expect(img.width).toBe(28);
    expect(img.data.length).toBe(28 * 28 * 4);
    for (let p = 0; p < 784; p++) {
      const v = batch.data[2 * 784 + p]!;
      expect([img.data[p * 4], img.data[p * 4 + 1], img.data[p * 4 + 2], img.data[p * 4 + 3]]).toEqual([v, v, v, 255]);
    }
    // A real digit has ink and background.
    expect(Math.max(...img.data.filter((_, i) => i % 4 === 0))).toBeGreaterThan(200);
  });

  it('keeps RGB channels in order', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60]);
    const batch: ImageBatch = { data, n: 2, height: 1, width: 2, channels: 3 };
    expect(Array.from(imageToRgba(batch, 1).data)).toEqual([10, 20, 30, 255, 40, 50, 60, 255]);
  });

  it('rejects an index outside the batch', () => {
    expect(() => imageToRgba(mnist(1), 1)).toThrow(RangeError);
  });
});

describe('tileImages', () => {
  it('lays digits out in a grid with gaps', () => {
    const batch = mnist(5);
    const grid = tileImages(batch, { cols: 3, gap: 1, background: [9, 9, 9, 255] });
    expect(grid.width).toBe(3 * 28 + 2);
    expect(grid.height).toBe(2 * 28 + 1);
    // Image 4 sits at row 1, column 1: its pixel (y=14, x=10).
    const px = (x: number, y: number) => grid.data[(y * grid.width + x) * 4];
    expect(px(29 + 10, 29 + 14)).toBe(batch.data[4 * 784 + 14 * 28 + 10]);
    // Gap column and the empty sixth cell are background.
    expect(px(28, 5)).toBe(9);
    expect(px(2 * 29 + 5, 29 + 5)).toBe(9);
  });

  it('takes a chosen subset and order of images', () => {
    const batch = mnist(4);
    const grid = tileImages(batch, { indices: [3, 0] });
    expect(grid.width).toBe(56);
    expect(grid.data[(14 * 56 + 14) * 4]).toBe(batch.data[3 * 784 + 14 * 28 + 14]);
    expect(grid.data[(14 * 56 + 28 + 14) * 4]).toBe(batch.data[14 * 28 + 14]);
  });
});

describe('batch helpers', () => {
  it('slices and joins without changing pixels', () => {
    const batch = mnist(4);
    const one = sliceBatch(batch, 2);
    expect(one.n).toBe(1);
    expect(Array.from(one.data)).toEqual(Array.from(batch.data.subarray(2 * 784, 3 * 784)));
    const joined = concatBatches(sliceBatch(batch, 0, 2), sliceBatch(batch, 2, 2));
    expect(joined.n).toBe(4);
    expect(Array.from(joined.data)).toEqual(Array.from(batch.data));
    expect(() => concatBatches(batch, { ...batch, channels: 3 })).toThrow(RangeError);
  });

  it('chooses integer scales that fit', () => {
    expect(integerScale(28, 112)).toBe(4);
    expect(integerScale(28, 111)).toBe(3);
    expect(integerScale(28, 10)).toBe(1);
  });
});
