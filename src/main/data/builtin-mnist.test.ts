import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinMnist, pickImages, sliceImages } from './index.js';

const RESOURCES = resolve('resources');

describe('loadBuiltinMnist', () => {
  it('loads 9,000 train + 1,000 test real digits with all ten labels in the test split', async () => {
    const phases: string[] = [];
    const ds = await loadBuiltinMnist(RESOURCES, { onProgress: (_d, _t, phase) => phases.push(phase) });
    expect(ds.info).toMatchObject({
      name: 'MNIST (built-in)',
      source: { kind: 'builtin', name: 'mnist' },
      count: 10_000,
      trainCount: 9_000,
      testCount: 1_000,
      height: 28,
      width: 28,
      channels: 1,
      skipped: [],
    });
    expect(ds.info.labelNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(ds.images.data.length).toBe(10_000 * 784);
    expect(new Set(ds.labels.subarray(9_000)).size).toBe(10);
    expect(phases).toContain('reading');
    // A real digit has ink: mean brightness of MNIST is about 33 of 255.
    const mean = ds.images.data.reduce((s, v) => s + v, 0) / ds.images.data.length;
    expect(mean).toBeGreaterThan(20);
    expect(mean).toBeLessThan(50);
    const again = await loadBuiltinMnist(RESOURCES);
    expect(again.info.fingerprint).toBe(ds.info.fingerprint);
  });

  it('caps train at the limit and test proportionally, keeping the first images of each split', async () => {
    const full = await loadBuiltinMnist(RESOURCES);
    const ds = await loadBuiltinMnist(RESOURCES, { limit: 2000 });
    expect(ds.info).toMatchObject({ count: 2222, trainCount: 2000, testCount: 222 });
    expect(ds.info.fingerprint).not.toBe(full.info.fingerprint);
    expect(ds.images.data.subarray(0, 784)).toEqual(full.images.data.subarray(0, 784));
    expect(ds.images.data.subarray(2000 * 784, 2001 * 784)).toEqual(full.images.data.subarray(9000 * 784, 9001 * 784));
    expect(ds.labels[2000]).toBe(full.labels[9000]);
  });

  it('sliceImages is a view, pickImages a copy', async () => {
    const ds = await loadBuiltinMnist(RESOURCES, { limit: 100 });
    const view = sliceImages(ds.images, 10, 13);
    expect(view.n).toBe(3);
    expect(view.data.buffer).toBe(ds.images.data.buffer);
    expect(view.data).toEqual(ds.images.data.subarray(10 * 784, 13 * 784));
    const picked = pickImages(ds.images, [12, 10]);
    expect(picked.n).toBe(2);
    expect(picked.data.subarray(0, 784)).toEqual(ds.images.data.subarray(12 * 784, 13 * 784));
    expect(picked.data.subarray(784)).toEqual(ds.images.data.subarray(10 * 784, 11 * 784));
    picked.data[0] = 123;
    expect(ds.images.data[12 * 784]).not.toBe(123);
    expect(() => sliceImages(ds.images, 5, 1000)).toThrow(/outside/);
    expect(() => pickImages(ds.images, [ds.images.n])).toThrow(/outside/);
  });
});
