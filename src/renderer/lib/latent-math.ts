// Small latent-space helpers the views need on the UI side.
import type { Matrix, WalkGrid } from '../../shared/contract';

/** The latent code shown in walk cell (row, step): the base with that row's dim moved by values[step]. */
export function walkCellCode(grid: WalkGrid, row: number, step: number): Float32Array {
  const dim = grid.dims[row];
  const v = grid.values[step];
  if (dim === undefined || v === undefined) throw new RangeError(`no walk cell (${row}, ${step})`);
  const z = Float32Array.from(grid.base);
  z[dim] = z[dim]! + v;
  return z;
}

/** Rows of the walk whose KL is at least `threshold` (active) and the rest (inactive), as row indices. */
export function splitActive(kl: number[], threshold = 0.01): { active: number[]; inactive: number[] } {
  const active: number[] = [];
  const inactive: number[] = [];
  kl.forEach((k, i) => (k >= threshold ? active : inactive).push(i));
  return { active, inactive };
}

/**
 * Positions n×3 centred on their mean and scaled so the 99th-percentile distance from the centre is 1
 * (a few outliers do not shrink the cloud). Non-finite values become 0.
 */
export function normalizePoints(points: Matrix): Float32Array {
  if (points.cols !== 3) throw new RangeError(`expected 3 columns, got ${points.cols}`);
  const n = points.rows;
  const out = new Float32Array(n * 3);
  if (n === 0) return out;
  const mean = [0, 0, 0];
  for (let i = 0; i < n * 3; i++) {
    const v = points.data[i]!;
    out[i] = Number.isFinite(v) ? v : 0;
    mean[i % 3]! += out[i]! / n;
  }
  const dist = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let c = 0; c < 3; c++) {
      out[i * 3 + c]! -= mean[c]!;
      d += out[i * 3 + c]! ** 2;
    }
    dist[i] = Math.sqrt(d);
  }
  const sorted = Float32Array.from(dist).sort();
  const r = sorted[Math.min(n - 1, Math.floor(n * 0.99))]! || 1;
  for (let i = 0; i < n * 3; i++) out[i]! /= r;
  return out;
}

/** The `k` largest values' indices, highest first (ties: lower index first). */
export function topIndices(values: number[], k: number): number[] {
  return values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i);
}
