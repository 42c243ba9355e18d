// PCA to 3 components in plain JS: covariance (d ≤ 128) + cyclic Jacobi eigen-decomposition.
import { ContractError, type Matrix } from '../../shared/contract.js';

/** Eigenvalues (descending) and eigenvectors (columns of a d×d row-major array) of a symmetric matrix. */
export function symmetricEigen(a: Float64Array, d: number): { values: number[]; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const mkp = m[k * d + p]!;
          const mkq = m[k * d + q]!;
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const mpk = m[p * d + k]!;
          const mqk = m[q * d + k]!;
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => m[j * d + j]! - m[i * d + i]!);
  const vectors = new Float64Array(d * d);
  order.forEach((src, dst) => {
    for (let k = 0; k < d; k++) vectors[k * d + dst] = v[k * d + src]!;
  });
  return { values: order.map((i) => m[i * d + i]!), vectors };
}

export function pca3(x: Matrix): { points: Matrix; explained: [number, number, number] } {
  const { rows: n, cols: d } = x;
  if (d < 1 || d > 1024) throw new ContractError('BAD_ARGUMENT', `PCA needs 1 to 1024 columns (got ${d}).`);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j]! += x.data[r * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= Math.max(n, 1);
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) row[j] = x.data[r * d + j]! - mean[j]!;
    for (let i = 0; i < d; i++) {
      const ri = row[i]!;
      for (let j = i; j < d; j++) cov[i * d + j]! += ri * row[j]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const c = cov[i * d + j]! / Math.max(n - 1, 1);
      cov[i * d + j] = c;
      cov[j * d + i] = c;
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  const total = values.reduce((a, b) => a + Math.max(b, 0), 0);
  const points = new Float32Array(n * 3);
  const comps = Math.min(3, d);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < comps; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x.data[r * d + j]! - mean[j]!) * vectors[j * d + c]!;
      points[r * 3 + c] = s;
    }
  }
  const ex = (c: number) => (c < d && total > 0 ? Math.max(values[c]!, 0) / total : 0);
  return { points: { data: points, rows: n, cols: 3 }, explained: [ex(0), ex(1), ex(2)] };
}
