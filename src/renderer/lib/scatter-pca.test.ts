import { describe, expect, it } from 'vitest';
import { pca3 } from '../../main/engine/pca';
import { mulberry32 } from '../../main/data/split';
import type { Matrix } from '../../shared/contract';
import { computePca, coordinateOf, inversePca, projectOn } from './scatter-pca';
import { layoutColumns, valueAt } from './scatter-layout';

/** n codes in 4-D: variances 100, 4, 1, 0.01 along a rotated basis, shifted by (5, -3, 2, 1). */
function anisotropic(n: number): Matrix {
  const rand = mulberry32(7);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const s = Math.SQRT1_2;
  const basis = [
    [s, s, 0, 0],
    [-s, s, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
  const sd = [10, 2, 1, 0.1];
  const shift = [5, -3, 2, 1];
  const data = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const c = sd.map((v) => v * gauss());
    for (let j = 0; j < 4; j++) data[i * 4 + j] = shift[j]! + c.reduce((acc, ck, k) => acc + ck * basis[k]![j]!, 0);
  }
  return { data, rows: n, cols: 4 };
}

describe('scatter PCA', () => {
  const x = anisotropic(4000);
  const pca = computePca(x);

  it('finds every component in order of variance, agreeing with the engine on the first three', () => {
    expect(pca.components).toHaveLength(4);
    expect(pca.variance[0]! / pca.variance[1]!).toBeGreaterThan(15);
    expect(Math.abs(pca.components[0]![0]!)).toBeCloseTo(Math.SQRT1_2, 1);
    expect(Math.abs(pca.components[3]![3]!)).toBeCloseTo(1, 2);
    const engine = pca3(x);
    pca.explained.slice(0, 3).forEach((e, k) => expect(e).toBeCloseTo(engine.explained[k]!, 6));
    const c3 = projectOn(pca, x, 3);
    const sd3 = Math.sqrt(c3.reduce((a, v) => a + v * v, 0) / c3.length);
    expect(sd3).toBeGreaterThan(0.08);
    expect(sd3).toBeLessThan(0.12);
  });

  it('inverts: the decoded place has the asked coordinates, the others from the base or the mean', () => {
    const a = x.data.subarray(0, 4);
    const fromA = inversePca(
      pca,
      [
        { k: 1, value: 3 },
        { k: 3, value: -0.5 },
      ],
      a,
    );
    expect(coordinateOf(pca, fromA, 1)).toBeCloseTo(3, 5);
    expect(coordinateOf(pca, fromA, 3)).toBeCloseTo(-0.5, 5);
    expect(coordinateOf(pca, fromA, 0)).toBeCloseTo(coordinateOf(pca, a, 0), 5);
    expect(coordinateOf(pca, fromA, 2)).toBeCloseTo(coordinateOf(pca, a, 2), 5);
    const fromMean = inversePca(pca, [{ k: 0, value: 2 }], null);
    expect(coordinateOf(pca, fromMean, 0)).toBeCloseTo(2, 5);
    for (const k of [1, 2, 3]) expect(coordinateOf(pca, fromMean, k)).toBeCloseTo(0, 5);
  });
});

describe('scatter layout', () => {
  const x = anisotropic(4000);
  const pca = computePca(x);
  const cols = [0, 2, 3].map((k) => projectOn(pca, x, k));

  it('shared scaling keeps proportions, so a 0.01-variance axis collapses; per-axis spreads it', () => {
    const extent = (p: Float32Array, c: number): number => {
      let m = 0;
      for (let i = c; i < p.length; i += 3) m = Math.max(m, Math.abs(p[i]!));
      return m;
    };
    const shared = layoutColumns(cols, 'shared');
    expect(extent(shared.positions, 2) / extent(shared.positions, 0)).toBeLessThan(0.02);
    const perAxis = layoutColumns(cols, 'per-axis');
    for (const c of [0, 1, 2]) {
      expect(extent(perAxis.positions, c)).toBeGreaterThan(0.9);
      expect(extent(perAxis.positions, c)).toBeLessThan(2);
    }
  });

  it('maps a position back to the projection value it shows', () => {
    const l = layoutColumns(cols, 'per-axis');
    for (const c of [0, 1, 2] as const) expect(valueAt(l, c, l.positions[30 + c]!)).toBeCloseTo(cols[c]![10]!, 4);
  });
});
