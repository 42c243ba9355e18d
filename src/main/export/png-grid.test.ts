import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadBuiltinMnist, pickImages } from '../data/index.js';
import { encodePngGrid } from './index.js';

describe('encodePngGrid', () => {
  it('lays real digits out in columns, scaled, with 1-px white gaps', async () => {
    const mnist = await loadBuiltinMnist(resolve('resources'), { limit: 20 });
    const images = pickImages(mnist.images, [0, 1, 2, 3, 4]);
    const png = await encodePngGrid(images, 3, 2);
    expect((await sharp(png).metadata()).channels).toBe(1);
    const { data, info } = await sharp(png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    // 3 columns × 56 px + 2 gaps; 2 rows × 56 px + 1 gap.
    expect([info.width, info.height, info.channels]).toEqual([170, 113, 1]);
    const at = (x: number, y: number): number => data[y * info.width + x]!;
    // Image 4 sits in row 1, column 1: its pixel (r, c) scaled by 2 starts at (57 + 2c, 57 + 2r).
    for (const [r, c] of [
      [14, 14],
      [10, 17],
      [0, 0],
    ] as const) {
      const v = images.data[4 * 784 + r * 28 + c]!;
      expect([at(57 + 2 * c, 57 + 2 * r), at(58 + 2 * c, 58 + 2 * r)]).toEqual([v, v]);
    }
    expect(at(56, 10)).toBe(255); // the gap column
    expect(at(10, 56)).toBe(255); // the gap row
    expect(at(150, 100)).toBe(255); // the empty last cell
  });

  it('keeps three channels for RGB images', async () => {
    const data = new Uint8Array(2 * 2 * 2 * 3);
    data.set([10, 20, 30], 0);
    const png = await encodePngGrid({ data, n: 2, height: 2, width: 2, channels: 3 }, 5, 3);
    const out = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([out.info.width, out.info.height, out.info.channels]).toEqual([13, 6, 3]);
    expect(Array.from(out.data.subarray(0, 3))).toEqual([10, 20, 30]);
    expect(Array.from(out.data.subarray(6 * 3, 7 * 3))).toEqual([255, 255, 255]);
  });
});

describe('encodePngGrid row labels', () => {
  it('draws each row label in a white column left of its row, dark glyphs only there', async () => {
    const mnist = await loadBuiltinMnist(resolve('resources'), { limit: 6 });
    const images = pickImages(mnist.images, [0, 1, 2, 3, 4, 5]);
    const plain = await sharp(await encodePngGrid(images, 3, 1)).metadata();
    const labels = ['z3 KL 1.25', 'z10 KL 0.00'];
    const png = await encodePngGrid(images, 3, 1, { rowLabels: labels });
    const { data, info } = await sharp(png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect(info.height).toBe(plain.height);
    const labelW = info.width - plain.width!;
    // The widest label ("z10 KL 0.00": 11 glyphs of 3 px + 10 blank columns) plus padding either side.
    expect(labelW).toBeGreaterThanOrEqual(11 * 4 - 1);
    const darkIn = (y0: number, y1: number): number => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < labelW; x++) if (data[y * info.width + x]! < 128) n++;
      return n;
    };
    expect(darkIn(0, 28)).toBeGreaterThan(20); // row 0 is labelled
    expect(darkIn(29, 57)).toBeGreaterThan(20); // row 1 is labelled
    expect(darkIn(0, 28)).not.toBe(darkIn(29, 57)); // with different text
    // The images sit right of the label column, unchanged.
    expect(data[14 * info.width + labelW + 14]).toBe(images.data[14 * 28 + 14]);
  });

  it('refuses labels that do not match the rows', async () => {
    const data = new Uint8Array(4 * 4 * 2);
    const batch = { data, n: 2, height: 4, width: 4, channels: 1 as const };
    await expect(encodePngGrid(batch, 1, 1, { rowLabels: ['z1'] })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(encodePngGrid(batch, 1, 1, { rowLabels: ['z1', 'ü'] })).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
    });
  });
});
