// export.* calls, run in the worker: GIF / PNG / coordinates, written atomically to `path` when
// one is given (temp file in the same directory, then rename), else returned as bytes.

import { basename, resolve } from 'node:path';
import { ContractError, type CallArg, type ExportResult, type ImageBatch, type Matrix } from '../../shared/contract.js';
import { data } from '../data/index.js';
import { exporter } from '../export/index.js';
import { writeAtomically } from '../export/write-atomically.js';
import { traversalPng, traversalSvg } from '../export/traversal-figure.js';
import { baseCode, codes, imageCode, klPerDim, rankByKl } from './latent-calls.js';
import { IMAGE_A, IMAGE_B } from '../../shared/call-fields.js';
import type { Session } from './session.js';

export async function exportGif(s: Session, arg: CallArg<'export.gif'>): Promise<ExportResult> {
  const { m } = s.requireBoth();
  const { source, options } = arg;
  const n = options.frames;
  let z: Matrix;
  let fileName: string;
  if (source.kind === 'interpolation') {
    const ts = Array.from({ length: n }, (_, i) => i / (n - 1));
    z = s.engine.interpolate(
      imageCode(s, source.from, IMAGE_A.label),
      imageCode(s, source.to, IMAGE_B.label),
      ts,
      source.mode,
    );
    fileName = `interpolation-${source.from}-${source.to}.gif`;
  } else if (source.kind === 'line') {
    z = lineCodes(source.base, source.direction, source.from, source.to, n, m.meta.config.latent);
    fileName = 'latent-arithmetic.gif';
  } else {
    if (source.dim >= m.meta.config.latent) {
      throw new ContractError(
        'BAD_ARGUMENT',
        `source.dim: dimension ${source.dim} does not exist; the model has dims 0..${m.meta.config.latent - 1}.`,
      );
    }
    z = s.engine.walkCodes(baseCode(s, source.base), [source.dim], n, source.span).z;
    fileName = `walk-dim-${source.dim}.gif`;
  }
  // Frames are decoded a chunk at a time from their codes, and the job can be cancelled between chunks.
  const { jobId } = arg;
  const abort = new AbortController();
  if (jobId !== undefined) {
    if (s.jobs.has(jobId)) throw new ContractError('BAD_ARGUMENT', `Job ${jobId} is already running; use a new jobId.`);
    s.jobs.set(jobId, () => abort.abort());
  }
  let bytes: Uint8Array;
  try {
    const src = {
      n,
      ...m.meta.shape,
      render: (indices: number[]) => {
        // Between chunks another call may replace (and dispose) the model: stop rather than mix models.
        if (s.model?.vae !== m.vae)
          throw new ContractError('CANCELLED', 'The model changed while the GIF was being made; export it again.');
        return s.engine.decode(m.vae, pickRows(z, indices));
      },
    };
    bytes = await exporter.encodeGifStream(
      src,
      { fps: options.fps, size: options.size, pingpong: options.pingpong },
      {
        signal: abort.signal,
        onProgress: (done, total) => {
          if (jobId !== undefined)
            s.emit('job.progress', { jobId, phase: 'encoding GIF', done, total, etaSeconds: null });
        },
      },
    );
  } finally {
    if (jobId !== undefined) s.jobs.delete(jobId);
  }
  return deliver(bytes, fileName, 'image/gif', arg.path);
}

/** n codes base + s·direction, s evenly from `from` to `to` (both ends included). */
function lineCodes(base: Float32Array, dir: Float32Array, from: number, to: number, n: number, latent: number): Matrix {
  if (base.length !== latent || dir.length !== latent) {
    throw new ContractError(
      'BAD_ARGUMENT',
      `source.base and source.direction must each have ${latent} values, one per latent dimension of the model (got ${base.length} and ${dir.length}).`,
    );
  }
  const data = new Float32Array(n * latent);
  for (let i = 0; i < n; i++) {
    const t = from + ((to - from) * i) / (n - 1);
    for (let j = 0; j < latent; j++) data[i * latent + j] = base[j]! + t * dir[j]!;
  }
  return { data, rows: n, cols: latent };
}

export async function exportPng(s: Session, arg: CallArg<'export.png'>): Promise<ExportResult> {
  const { ds, m } = s.requireBoth();
  const g = arg.grid;
  const scale = g.scale ?? 2;
  const latent = m.meta.config.latent;
  let images: ImageBatch;
  let cols: number;
  if (g.kind === 'traversal') return exportTraversal(s, arg);
  let rowLabels: string[] | undefined;
  if (g.kind === 'walk') {
    const steps = g.steps ?? 11;
    const kl = klPerDim(s);
    // The rows the screen shows (walkDims), else every dim ranked by KL; each labelled with dim and KL.
    const dims = g.walkDims ?? rankByKl(kl);
    for (const d of dims) checkGridDim(d, latent, 'grid.walkDims');
    images = s.engine.decode(
      m.vae,
      s.engine.walkCodes(baseCode(s, g.base ?? { kind: 'origin' }), dims, steps, g.span ?? 3).z,
    );
    cols = steps;
    rowLabels = dims.map((d) => `z${d} KL ${(kl[d] ?? 0).toFixed(2)}`);
  } else if (g.kind === 'manifold') {
    const steps = g.steps ?? 15;
    const ranked = rankByKl(klPerDim(s));
    const dims = g.dims ?? [ranked[0]!, ranked[1]!];
    for (const d of dims) checkGridDim(d, latent, 'grid.dims');
    images = s.engine.decode(
      m.vae,
      s.engine.manifoldCodes(baseCode(s, g.base ?? { kind: 'origin' }), dims, steps, g.span ?? 3),
    );
    cols = steps;
  } else if (g.kind === 'slice') {
    if (!g.z) throw new ContractError('BAD_ARGUMENT', 'grid.z: a slice needs the codes to decode.');
    if (g.z.cols !== latent)
      throw new ContractError(
        'BAD_ARGUMENT',
        `grid.z: codes have ${g.z.cols} values; the model's latent size is ${latent}.`,
      );
    images = s.engine.decode(m.vae, g.z);
    cols = g.cols ?? Math.ceil(Math.sqrt(g.z.rows));
  } else if (g.kind === 'samples') {
    const count = g.count ?? 64;
    images = s.engine.decode(m.vae, s.engine.sampleCodes(count, latent, g.seed ?? 0));
    cols = Math.ceil(Math.sqrt(count));
  } else {
    const { info } = ds.loaded;
    const start = info.testCount > 0 ? info.trainCount : 0;
    const count = Math.min(g.count ?? 8, info.count - start);
    const original = data.pickImages(
      ds.loaded.images,
      Array.from({ length: count }, (_, i) => start + i),
    );
    const reconstruction = s.engine.reconstruct(m.vae, original);
    // Two rows: the originals above their reconstructions.
    const both = new Uint8Array(original.data.length * 2);
    both.set(original.data, 0);
    both.set(reconstruction.data, original.data.length);
    images = { ...original, data: both, n: count * 2 };
    cols = count;
  }
  const bytes = await exporter.encodePngGrid(images, cols, scale, rowLabels ? { rowLabels } : {});
  return deliver(bytes, `${g.kind}.png`, 'image/png', arg.path);
}

/** The β-VAE-style figure: per image a block of dims (ranked by KL) × steps offsets around its code. */
async function exportTraversal(s: Session, arg: CallArg<'export.png'>): Promise<ExportResult> {
  const { m } = s.requireBoth();
  const g = arg.grid;
  const indices = g.indices ?? [0];
  const kl = klPerDim(s);
  const ranked = rankByKl(kl);
  const active = ranked.filter((d) => kl[d]! >= 0.01).length;
  const rows = ranked.slice(0, Math.min(m.meta.config.latent, g.rows ?? Math.max(1, active)));
  const steps = g.steps ?? 9;
  const span = g.span ?? 3;
  let values: number[] = [];
  const blocks = indices.map((index, k) => {
    const walk = s.engine.walkCodes(imageCode(s, index, `grid.indices[${k}]`), rows, steps, span);
    values = walk.values;
    return { title: `image #${index}`, images: s.engine.decode(m.vae, walk.z) };
  });
  const figure = { blocks, rows: rows.map((dim) => ({ dim, kl: kl[dim]! })), values, scale: g.scale ?? 2 };
  if (g.format === 'svg') {
    const svg = await traversalSvg(figure);
    return deliver(new TextEncoder().encode(svg), 'traversal.svg', 'image/svg+xml', arg.path);
  }
  return deliver(await traversalPng(figure), 'traversal.png', 'image/png', arg.path);
}

function checkGridDim(d: number, latent: number, field: string): void {
  if (d >= latent)
    throw new ContractError(
      'BAD_ARGUMENT',
      `${field}: dimension ${d} does not exist; the model has dims 0..${latent - 1}.`,
    );
}

export async function exportCoords(s: Session, arg: CallArg<'export.coords'>): Promise<ExportResult> {
  const { ds } = s.requireBoth();
  const { mu, logvar } = codes(s);
  const rows = {
    labels: ds.loaded.labels,
    labelNames: ds.loaded.info.labelNames,
    fileNames: ds.loaded.fileNames,
    points: s.peekCache<Matrix>('lastProjection') ?? null,
    mu,
    logvar,
    ...(arg.indices ? { indices: arg.indices } : {}),
  };
  const text = arg.format === 'csv' ? exporter.coordsCsv(rows) : exporter.coordsJson(rows);
  const mime = arg.format === 'csv' ? 'text/csv' : 'application/json';
  return deliver(new TextEncoder().encode(text), `latent-coords.${arg.format}`, mime, arg.path);
}

/** The rows of `z` at these indices, as a matrix of their own. */
function pickRows(z: Matrix, indices: number[]): Matrix {
  const data = new Float32Array(indices.length * z.cols);
  indices.forEach((r, k) => data.set(z.data.subarray(r * z.cols, (r + 1) * z.cols), k * z.cols));
  return { data, rows: indices.length, cols: z.cols };
}

async function deliver(
  bytes: Uint8Array,
  fileName: string,
  mime: string,
  path: string | undefined,
): Promise<ExportResult> {
  if (path === undefined) return { fileName, mime, byteLength: bytes.byteLength, path: null, bytes };
  const target = resolve(path);
  await writeAtomically(target, bytes);
  return { fileName: basename(target), mime, byteLength: bytes.byteLength, path: target, bytes: null };
}
