import { describe, expect, it } from 'vitest';
import { interpolate, klPerDim, manifoldCodes, offsets, sampleCodes, walkCodes } from './latent-math.js';
import { pca3, symmetricEigen } from './pca.js';
import { gaussian, mulberry32 } from './prng.js';

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));
const row = (m: { data: Float32Array; cols: number }, r: number) => m.data.subarray(r * m.cols, (r + 1) * m.cols);

describe('interpolation', () => {
  const a = Float32Array.from([3, 0, 0]);
  const b = Float32Array.from([0, 3, 0]);

  it('linear: endpoints exact, midpoint is the average', () => {
    const m = interpolate(a, b, [0, 0.5, 1], 'linear');
    expect(Array.from(row(m, 0))).toEqual([3, 0, 0]);
    expect(Array.from(row(m, 1))).toEqual([1.5, 1.5, 0]);
    expect(Array.from(row(m, 2))).toEqual([0, 3, 0]);
  });

  it('slerp: endpoints exact, constant norm between equal-norm codes, equal angles', () => {
    const ts = [0, 0.25, 0.5, 0.75, 1];
    const m = interpolate(a, b, ts, 'slerp');
    for (let r = 0; r < ts.length; r++) expect(norm(row(m, r))).toBeCloseTo(3, 5);
    expect(row(m, 0)[0]).toBeCloseTo(3, 6);
    expect(row(m, 4)[1]).toBeCloseTo(3, 6);
    // Angle to a grows linearly in t: 0.25 of 90° = 22.5°.
    expect(Math.atan2(row(m, 1)[1]!, row(m, 1)[0]!)).toBeCloseTo(Math.PI / 8, 5);
    // The linear midpoint is shorter than slerp's.
    expect(norm(row(interpolate(a, b, [0.5], 'linear'), 0))).toBeLessThan(3 - 0.5);
  });

  it('slerp falls back to linear for (anti)parallel codes instead of dividing by sin 0', () => {
    const c = Float32Array.from([1, 2, 3]);
    const d = Float32Array.from([2, 4, 6]);
    const m = interpolate(c, d, [0.5], 'slerp');
    expect(Array.from(row(m, 0))).toEqual([1.5, 3, 4.5]);
    const z = interpolate(new Float32Array(3), c, [0.5], 'slerp');
    expect(Array.from(row(z, 0))).toEqual([0.5, 1, 1.5]);
  });
});

describe('walks, grids, samples', () => {
  it('offsets span −span…+span evenly', () => {
    expect(offsets(5, 2)).toEqual([-2, -1, 0, 1, 2]);
    expect(offsets(1, 3)).toEqual([0]);
  });

  it('walkCodes changes only the walked dimension', () => {
    const base = Float32Array.from([0.5, -1, 2]);
    const { z, values } = walkCodes(base, [2, 0], 3, 3);
    expect(values).toEqual([-3, 0, 3]);
    expect(z.rows).toBe(6);
    expect(Array.from(row(z, 0))).toEqual([0.5, -1, -1]); // dim 2: 2 − 3
    expect(Array.from(row(z, 5))).toEqual([3.5, -1, 2]); // dim 0: 0.5 + 3
    expect(() => walkCodes(base, [3], 3, 1)).toThrow(/does not exist/);
  });

  it('manifoldCodes: dim0 along columns, dim1 along rows', () => {
    const m = manifoldCodes(new Float32Array(4), [1, 3], 3, 1);
    expect(m.rows).toBe(9);
    expect(Array.from(row(m, 0))).toEqual([0, -1, 0, -1]);
    expect(Array.from(row(m, 2))).toEqual([0, 1, 0, -1]);
    expect(Array.from(row(m, 7))).toEqual([0, 0, 0, 1]);
  });

  it('sampleCodes is seeded and standard normal', () => {
    const s1 = sampleCodes(5000, 4, 42);
    const s2 = sampleCodes(5000, 4, 42);
    const s3 = sampleCodes(5000, 4, 43);
    expect(s1.data).toEqual(s2.data);
    expect(s1.data).not.toEqual(s3.data);
    const n = s1.data.length;
    const mean = s1.data.reduce((a, v) => a + v, 0) / n;
    const variance = s1.data.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it('klPerDim averages the closed-form KL over rows', () => {
    const mu = { data: Float32Array.from([0, 2, 0, 0]), rows: 2, cols: 2 };
    const lv = { data: Float32Array.from([0, 0, 0, Math.log(4)]), rows: 2, cols: 2 };
    const kl = klPerDim(mu, lv);
    expect(kl[0]).toBe(0);
    expect(kl[1]).toBeCloseTo((0.5 * 4 + 0.5 * (4 - 1 - Math.log(4))) / 2, 6);
  });
});

describe('PCA', () => {
  it('Jacobi eigen-decomposition reproduces a known symmetric matrix', () => {
    const a = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
    const { values, vectors } = symmetricEigen(a, 3);
    expect(values[0]).toBeGreaterThan(values[1]!);
    // A v = λ v for each column.
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < 3; r++) {
        let av = 0;
        for (let k = 0; k < 3; k++) av += a[r * 3 + k]! * vectors[k * 3 + c]!;
        expect(av).toBeCloseTo(values[c]! * vectors[r * 3 + c]!, 8);
      }
    }
    expect(values.reduce((x, y) => x + y, 0)).toBeCloseTo(9, 8); // trace
  });

  it('finds the axes of data stretched along known directions', () => {
    const rng = mulberry32(1);
    const n = 4000;
    const d = 5;
    const g = gaussian(n * d, rng);
    const data = new Float32Array(n * d);
    const scales = [0.1, 5, 0.2, 2, 1]; // variances 25, 4, 1 along dims 1, 3, 4
    for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) data[r * d + j] = 10 + g[r * d + j]! * scales[j]!;
    const { points, explained } = pca3({ data, rows: n, cols: d });
    expect(points.cols).toBe(3);
    const total = scales.reduce((a, s) => a + s * s, 0);
    expect(explained[0]).toBeCloseTo(25 / total, 1);
    expect(explained[1]).toBeCloseTo(4 / total, 1);
    // The first component is (±) data dim 1, centred.
    let dot = 0;
    for (let r = 0; r < n; r++) dot += points.data[r * 3]! * (data[r * d + 1]! - 10);
    expect(Math.abs(dot) / n).toBeCloseTo(25, -1);
  });
});
