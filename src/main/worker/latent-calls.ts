// latent.* and metrics.* calls, run in the worker. Codes (μ, log σ² of every image), KL per dim and
// projections are cached per (model version, dataset version); results are always fresh copies
// because they are transferred to the main thread.

import {
  ContractError,
  type CallArg,
  type ImageBatch,
  type LatentBase,
  type LatentCodes,
  type Matrix,
  type Metrics,
  type Neighbours,
  type Projection,
  type WalkGrid,
} from '../../shared/contract.js';
import { data } from '../data/index.js';
import { evaluationSplit, metricsResult } from '../engine/metrics.js';
import { BASE_IMAGE, IMAGE_A, IMAGE_B, LATENT_DIM } from '../../shared/call-fields.js';
import { checkIndices } from './dataset-calls.js';
import { runUmap } from './umap.js';
import type { Session } from './session.js';

interface Codes {
  mu: Matrix;
  logvar: Matrix;
}

export function codes(s: Session): Codes {
  const { ds, m } = s.requireBoth();
  return s.cached('codes', () => s.engine.encode(m.vae, ds.loaded.images));
}

export function latentCodes(s: Session, arg: CallArg<'latent.codes'>): LatentCodes {
  const { ds } = s.requireBoth();
  const total = ds.loaded.info.count;
  if (arg.jobId) s.emit('job.progress', { jobId: arg.jobId, phase: 'encoding', done: 0, total, etaSeconds: null });
  const c = codes(s);
  if (arg.jobId) s.emit('job.progress', { jobId: arg.jobId, phase: 'encoding', done: total, total, etaSeconds: 0 });
  return { mu: copyMatrix(c.mu), logvar: copyMatrix(c.logvar), labels: ds.loaded.labels.slice() };
}

/** KL per dim on the evaluation split, as metrics.evaluate and CLI eval/grid report it (walk ranking, labels). */
export function klPerDim(s: Session): number[] {
  const c = codes(s);
  const { start, end } = evaluationSplit(s.requireDataset().loaded.info);
  return s.cached('kl', () => s.engine.klPerDim(sliceRows(c.mu, start, end), sliceRows(c.logvar, start, end)));
}

function sliceRows(m: Matrix, start: number, end: number): Matrix {
  return { data: m.data.subarray(start * m.cols, end * m.cols), rows: end - start, cols: m.cols };
}

export async function project(s: Session, arg: CallArg<'latent.project'>): Promise<Projection> {
  const c = codes(s);
  const { spec } = arg;
  const latent = c.mu.cols;
  let p: Projection;
  if (spec.method === 'pca') {
    p = s.cached('pca', () => s.engine.pca3(c.mu));
  } else if (spec.method === 'dims') {
    for (const d of spec.dims) checkDim(d, latent, LATENT_DIM.label);
    p = { points: pickColumns(c.mu, spec.dims) };
  } else {
    const nNeighbors = spec.nNeighbors ?? 15;
    const seed = spec.seed ?? 0;
    p = await s.cachedAsync(`umap:${nNeighbors}:${seed}`, () => runUmap(s, c.mu, nNeighbors, seed, arg.jobId ?? null));
  }
  // export.coords writes the projection the person looked at last.
  s.store('lastProjection', p.points);
  return { ...p, points: copyMatrix(p.points) };
}

export function decode(s: Session, arg: CallArg<'latent.decode'>): ImageBatch {
  const { m } = s.requireBoth();
  checkLatent(arg.z.cols, m.meta.config.latent, 'z.cols');
  return s.engine.decode(m.vae, arg.z);
}

export function interpolate(s: Session, arg: CallArg<'latent.interpolate'>): ImageBatch {
  const { m } = s.requireBoth();
  const a = imageCode(s, arg.from, IMAGE_A.label);
  const b = imageCode(s, arg.to, IMAGE_B.label);
  return s.engine.decode(m.vae, s.engine.interpolate(a, b, arg.ts, arg.mode));
}

export function walk(s: Session, arg: CallArg<'latent.walk'>): WalkGrid {
  const { m } = s.requireBoth();
  const latent = m.meta.config.latent;
  const base = baseCode(s, arg.base);
  const kl = klPerDim(s);
  const dims = arg.dims ?? rankByKl(kl);
  for (const d of dims) checkDim(d, latent, LATENT_DIM.label);
  const { z, values } = s.engine.walkCodes(base, dims, arg.steps, arg.span);
  return {
    images: s.engine.decode(m.vae, z),
    dims: [...dims],
    kl: dims.map((d) => kl[d]!),
    values,
    base: base.slice(),
  };
}

export function samples(s: Session, arg: CallArg<'latent.samples'>): ImageBatch {
  const { m } = s.requireBoth();
  return s.engine.decode(m.vae, s.engine.sampleCodes(arg.n, m.meta.config.latent, arg.seed));
}

export function reconstruct(
  s: Session,
  arg: CallArg<'latent.reconstruct'>,
): { original: ImageBatch; reconstruction: ImageBatch } {
  const { ds, m } = s.requireBoth();
  checkIndices(arg.indices, ds.loaded.info.count);
  const original = data.pickImages(ds.loaded.images, arg.indices);
  return { original, reconstruction: s.engine.reconstruct(m.vae, original) };
}

export function manifold(s: Session, arg: CallArg<'latent.manifold'>): ImageBatch {
  const { m } = s.requireBoth();
  for (const d of arg.dims) checkDim(d, m.meta.config.latent, LATENT_DIM.label);
  const z = s.engine.manifoldCodes(baseCode(s, arg.base), arg.dims, arg.steps, arg.span);
  return s.engine.decode(m.vae, z);
}

export function neighbours(s: Session, arg: CallArg<'latent.neighbours'>): Neighbours {
  const { ds } = s.requireBoth();
  checkIndices([arg.index], ds.loaded.info.count, IMAGE_A.label);
  const { mu } = codes(s);
  const d = mu.cols;
  const q = mu.data.subarray(arg.index * d, arg.index * d + d);
  const k = Math.min(arg.k, mu.rows - 1);
  // A label filter searches every image of that label, not a prefiltered top list.
  const labels = arg.label === undefined ? null : ds.loaded.labels;
  // Keep the k best in a small sorted list: O(n·k), fine for k ≪ n.
  const best: { i: number; dist: number }[] = [];
  for (let i = 0; i < mu.rows; i++) {
    if (i === arg.index || (labels && labels[i] !== arg.label)) continue;
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const diff = mu.data[i * d + j]! - q[j]!;
      sum += diff * diff;
    }
    if (best.length < k || sum < best[best.length - 1]!.dist) {
      let at = best.length;
      while (at > 0 && best[at - 1]!.dist > sum) at--;
      best.splice(at, 0, { i, dist: sum });
      if (best.length > k) best.pop();
    }
  }
  return { indices: best.map((b) => b.i), distances: best.map((b) => Math.sqrt(b.dist)) };
}

/** The same function, split and seed as CLI `eval` (engine/metrics.ts): the same numbers. */
export async function evaluate(s: Session, arg: CallArg<'metrics.evaluate'>): Promise<Metrics> {
  const { ds, m } = s.requireBoth();
  const { info, images } = ds.loaded;
  const { start, end, split } = evaluationSplit(info);
  if (s.jobs.has(arg.jobId))
    throw new ContractError('BAD_ARGUMENT', `jobId "${arg.jobId}" is already in use by a running job.`);
  let cancelled = false;
  s.jobs.set(arg.jobId, () => (cancelled = true));
  try {
    const started = performance.now();
    const r = await s.engine.evaluateModel(
      m.vae,
      data.sliceImages(images, start, end),
      arg.iwSamples,
      (done, total) => {
        const elapsed = (performance.now() - started) / 1000;
        const etaSeconds = done > 0 ? (elapsed / done) * (total - done) : null;
        s.emit('job.progress', { jobId: arg.jobId, phase: 'importance sampling', done, total, etaSeconds });
      },
      () => cancelled,
    );
    return metricsResult(r, split, m.meta.config);
  } finally {
    s.jobs.delete(arg.jobId);
  }
}

/** μ of image `index`, from the cached codes when present, else encoded alone. */
export function imageCode(s: Session, index: number, field: string): Float32Array {
  const { ds, m } = s.requireBoth();
  checkIndices([index], ds.loaded.info.count, field);
  const cached = s.peekCache<Codes>('codes');
  const d = m.meta.config.latent;
  if (cached) return cached.mu.data.slice(index * d, index * d + d);
  return s.engine.encode(m.vae, data.pickImages(ds.loaded.images, [index])).mu.data.slice(0, d);
}

export function baseCode(s: Session, base: LatentBase): Float32Array {
  const latent = s.requireModel().meta.config.latent;
  if (base.kind === 'origin') return new Float32Array(latent);
  if (base.kind === 'image') return imageCode(s, base.index, BASE_IMAGE.label);
  checkLatent(base.z.length, latent, 'base.z.length');
  return base.z.slice();
}

export function rankByKl(kl: readonly number[]): number[] {
  return kl.map((_, d) => d).sort((a, b) => kl[b]! - kl[a]! || a - b);
}

function checkDim(d: number, latent: number, field: string): void {
  if (d >= latent)
    throw new ContractError(
      'BAD_ARGUMENT',
      `${field} ${d} does not exist; the model has dimensions 0 to ${latent - 1}.`,
    );
}

function checkLatent(got: number, latent: number, field: string): void {
  if (got !== latent)
    throw new ContractError('BAD_ARGUMENT', `${field} must equal the model's latent size ${latent} (got ${got}).`);
}

function pickColumns(x: Matrix, cols: readonly number[]): Matrix {
  const out = new Float32Array(x.rows * cols.length);
  for (let r = 0; r < x.rows; r++)
    for (let c = 0; c < cols.length; c++) out[r * cols.length + c] = x.data[r * x.cols + cols[c]!]!;
  return { data: out, rows: x.rows, cols: cols.length };
}

export function copyMatrix(m: Matrix): Matrix {
  return { data: m.data.slice(), rows: m.rows, cols: m.cols };
}
