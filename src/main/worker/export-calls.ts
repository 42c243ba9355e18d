// export.* calls, run in the worker: GIF / PNG / coordinates, written atomically to `path` when
// one is given (temp file in the same directory, then rename), else returned as bytes.

import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ContractError, type CallArg, type ExportResult, type ImageBatch, type Matrix } from '../../shared/contract.js';
import { data } from '../data/index.js';
import { exporter } from '../export/index.js';
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

export async function exportPng(s: Session, arg: CallArg<'export.png'>): Promise<ExportResult> {
  const { ds, m } = s.requireBoth();
  const g = arg.grid;
  const scale = g.scale ?? 2;
  const latent = m.meta.config.latent;
  let images: ImageBatch;
  let cols: number;
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

function checkGridDim(d: number, latent: number, field: string): void {
  if (d >= latent)
    throw new ContractError(
      'BAD_ARGUMENT',
      `${field}: dimension ${d} does not exist; the model has dims 0..${latent - 1}.`,
    );
}

export async function exportCoords(s: Session, arg: CallArg<'export.coords'>): Promise<ExportResult> {
  const { ds } = s.requireBoth();
  const { mu } = codes(s);
  const rows = {
    labels: ds.loaded.labels,
    labelNames: ds.loaded.info.labelNames,
    points: s.peekCache<Matrix>('lastProjection') ?? null,
    mu,
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

export async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (e as Error).message;
    throw new ContractError('EXPORT_FAILED', `Could not write ${target}: ${reason}.`);
  }
}
