// PCA to 3 components in plain JS: covariance (d ≤ 128) + cyclic Jacobi eigen-decomposition.
import { ContractError, type Matrix } from '../../shared/contract.js';
import { symmetricEigen } from '../../shared/symmetric-eigen.js';

export { symmetricEigen };

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
