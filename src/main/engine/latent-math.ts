// Latent-space arithmetic on plain arrays: paths, walks, grids, prior samples, per-dimension KL.
import { ContractError, type InterpolationMode, type Matrix } from '../../shared/contract.js';
import { deriveSeed, gaussian, mulberry32 } from './prng.js';

function bad(message: string): ContractError {
  return new ContractError('BAD_ARGUMENT', message);
}

/** Angles below this are treated as parallel vectors, where slerp's sin(Ω) denominator blows up. */
const SLERP_MIN_ANGLE = 1e-4;

export function interpolate(a: Float32Array, b: Float32Array, ts: number[], mode: InterpolationMode): Matrix {
  if (a.length !== b.length) throw bad(`The two codes differ in length (${a.length} and ${b.length}).`);
  const d = a.length;
  const out = new Float32Array(ts.length * d);
  let na = 0;
  let nb = 0;
  let dot = 0;
  for (let i = 0; i < d; i++) {
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
    dot += a[i]! * b[i]!;
  }
  const cos = na > 0 && nb > 0 ? Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb))) : 1;
  const omega = Math.acos(cos);
  const linear = mode === 'linear' || omega < SLERP_MIN_ANGLE || Math.PI - omega < SLERP_MIN_ANGLE;
  ts.forEach((t, r) => {
    let wa: number;
    let wb: number;
    if (linear) {
      wa = 1 - t;
      wb = t;
    } else {
      const s = Math.sin(omega);
      wa = Math.sin((1 - t) * omega) / s;
      wb = Math.sin(t * omega) / s;
    }
    for (let i = 0; i < d; i++) out[r * d + i] = wa * a[i]! + wb * b[i]!;
  });
  return { data: out, rows: ts.length, cols: d };
}

/** steps values evenly from −span to +span (a single 0 for one step). */
export function offsets(steps: number, span: number): number[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > 1000)
    throw bad(`Steps must be an integer from 1 to 1000 (got ${steps}).`);
  if (steps === 1) return [0];
  return Array.from({ length: steps }, (_, i) => -span + (2 * span * i) / (steps - 1));
}

function checkDim(dim: number, d: number): void {
  if (!Number.isInteger(dim) || dim < 0 || dim >= d)
    throw bad(`Latent dimension ${dim} does not exist (the model has ${d}).`);
}

export function walkCodes(
  base: Float32Array,
  dims: number[],
  steps: number,
  span: number,
): { z: Matrix; values: number[] } {
  const d = base.length;
  dims.forEach((k) => checkDim(k, d));
  const values = offsets(steps, span);
  const out = new Float32Array(dims.length * steps * d);
  dims.forEach((k, r) => {
    values.forEach((v, s) => {
      const row = (r * steps + s) * d;
      out.set(base, row);
      out[row + k] = base[k]! + v;
    });
  });
  return { z: { data: out, rows: dims.length * steps, cols: d }, values };
}

export function sampleCodes(n: number, latent: number, seed: number): Matrix {
  if (!Number.isInteger(n) || n < 0 || n > 100000)
    throw bad(`The number of samples must be an integer from 0 to 100000 (got ${n}).`);
  return { data: gaussian(n * latent, mulberry32(deriveSeed(seed, 0x5a3))), rows: n, cols: latent };
}

export function manifoldCodes(base: Float32Array, dims: [number, number], steps: number, span: number): Matrix {
  const d = base.length;
  const [dx, dy] = dims;
  checkDim(dx, d);
  checkDim(dy, d);
  if (dx === dy) throw bad('The manifold needs two different latent dimensions.');
  const values = offsets(steps, span);
  const out = new Float32Array(steps * steps * d);
  for (let r = 0; r < steps; r++) {
    for (let c = 0; c < steps; c++) {
      const row = (r * steps + c) * d;
      out.set(base, row);
      out[row + dx] = base[dx]! + values[c]!;
      out[row + dy] = base[dy]! + values[r]!;
    }
  }
  return { data: out, rows: steps * steps, cols: d };
}

export function klPerDim(mu: Matrix, logvar: Matrix): number[] {
  if (mu.rows !== logvar.rows || mu.cols !== logvar.cols) throw bad('μ and log σ² must have the same shape.');
  const d = mu.cols;
  const acc = new Float64Array(d);
  for (let r = 0; r < mu.rows; r++) {
    for (let j = 0; j < d; j++) {
      const m = mu.data[r * d + j]!;
      const lv = logvar.data[r * d + j]!;
      acc[j]! += 0.5 * (Math.exp(lv) + m * m - 1 - lv);
    }
  }
  return Array.from(acc, (v) => (mu.rows ? v / mu.rows : 0));
}
