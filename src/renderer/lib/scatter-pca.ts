// PCA of the latent codes on the UI side: every component (not only the first three), so any
// component can go on any axis, and the inverse projection that decodes a place in the scatter.
// d is the latent size (≤ 128): a d×d covariance and a Jacobi eigen-solve are instant.
import type { Matrix } from '../../shared/contract';
import { symmetricEigen } from '../../shared/symmetric-eigen';

export interface Pca {
  mean: Float64Array;
  /** Unit eigenvectors, highest variance first; each has its largest entry positive (a stable sign). */
  components: Float64Array[];
  /** Variance along each component. */
  variance: number[];
  /** Fraction of the total variance per component. */
  explained: number[];
}

export function computePca(x: Matrix): Pca {
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += ra * row[b]!;
    }
  }
  const div = Math.max(1, n - 1);
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[b * d + a] = cov[a * d + b]! /= div;
  // Values come sorted, highest first.
  const { values, vectors } = symmetricEigen(cov, d);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0) || 1;
  const components = values.map((_, k) => {
    const v = Float64Array.from({ length: d }, (_, j) => vectors[j * d + k]!);
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    if (v[big]! < 0) for (let j = 0; j < d; j++) v[j] = -v[j]!;
    return v;
  });
  const variance = values.map((v) => Math.max(0, v));
  return { mean, components, variance, explained: variance.map((v) => v / total) };
}

/** Coordinates of every row along component k: (x − mean) · v_k. */
export function projectOn(pca: Pca, x: Matrix, k: number): Float32Array {
  const { rows: n, cols: d, data } = x;
  const v = pca.components[k];
  if (!v) throw new RangeError(`no component ${k}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[i * d + j]! - pca.mean[j]!) * v[j]!;
    out[i] = s;
  }
  return out;
}

/** The coordinate of one code along component k. */
export function coordinateOf(pca: Pca, z: ArrayLike<number>, k: number): number {
  const v = pca.components[k]!;
  let s = 0;
  for (let j = 0; j < v.length; j++) s += (z[j]! - pca.mean[j]!) * v[j]!;
  return s;
}

/**
 * The inverse projection: the code whose coordinates along `set` components are the given values and
 * whose other coordinates are those of `base` (a code, e.g. image A) or 0 (base null: the mean).
 */
export function inversePca(
  pca: Pca,
  set: { k: number; value: number }[],
  base: ArrayLike<number> | null,
): Float32Array {
  const d = pca.mean.length;
  const z = Float64Array.from(base ? Array.from({ length: d }, (_, j) => base[j]!) : pca.mean);
  for (const { k, value } of set) {
    const delta = value - coordinateOf(pca, z, k);
    const v = pca.components[k]!;
    for (let j = 0; j < d; j++) z[j]! += delta * v[j]!;
  }
  return Float32Array.from(z);
}
