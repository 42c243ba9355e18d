// dataset.* calls, run in the worker.

import {
  ContractError,
  type CallArg,
  type CallResult,
  type DatasetInfo,
  type ImageBatch,
} from '../../shared/contract.js';
import { IMAGE_INDEX } from '../../shared/call-fields.js';
import { data } from '../data/index.js';
import type { LoadedDataset } from '../data/api.js';
import type { Session } from './session.js';

export async function openDataset(s: Session, arg: CallArg<'dataset.open'>): Promise<DatasetInfo> {
  if (s.training)
    throw new ContractError('TRAINING_BUSY', 'A training is running. Stop it before opening another dataset.');
  const loaded = await loadTracked(s, arg.jobId, arg);
  s.setDataset(loaded, arg.options ? { source: arg.source, options: arg.options } : { source: arg.source });
  return loaded.info;
}

/** Loads with progress events and cancellation; the current dataset is only replaced on success. */
export async function loadTracked(
  s: Session,
  jobId: string | null,
  spec: Pick<CallArg<'dataset.open'>, 'source' | 'options'>,
): Promise<LoadedDataset> {
  const abort = new AbortController();
  if (jobId !== null) {
    if (s.jobs.has(jobId))
      throw new ContractError('BAD_ARGUMENT', `jobId "${jobId}" is already in use by a running job.`);
    s.jobs.set(jobId, () => abort.abort());
  }
  const started = performance.now();
  const ctx = {
    signal: abort.signal,
    cacheDir: s.cacheDir,
    onProgress: (done: number, total: number, phase: string) => {
      if (jobId === null) return;
      const elapsed = (performance.now() - started) / 1000;
      const etaSeconds = done > 0 && total > done ? (elapsed / done) * (total - done) : null;
      s.emit('job.progress', { jobId, phase, done, total, etaSeconds });
    },
  };
  try {
    const { source } = spec;
    if (source.kind === 'builtin') return await data.loadBuiltinMnist(s.resourcesDir, ctx);
    if (source.kind === 'idx') return await data.loadIdxDir(source.path, ctx);
    return await data.loadImageFolder(source.path, spec.options ?? {}, ctx);
  } finally {
    if (jobId !== null) s.jobs.delete(jobId);
  }
}

export function datasetImages(s: Session, arg: CallArg<'dataset.images'>): ImageBatch {
  const ds = s.requireDataset();
  checkIndices(arg.indices, ds.loaded.info.count);
  return data.pickImages(ds.loaded.images, arg.indices);
}

export function datasetLabels(s: Session): CallResult<'dataset.labels'> {
  // A copy: the result is transferred, which would detach the dataset's own array.
  return s.requireDataset().loaded.labels.slice();
}

export function datasetFileNames(s: Session): CallResult<'dataset.fileNames'> {
  const { info, fileNames } = s.requireDataset().loaded;
  return { fingerprint: info.fingerprint, names: fileNames };
}

/** `field` is the label the person sees ("Image A"); the dataset's size is only known here. */
export function checkIndices(indices: readonly number[], count: number, field = IMAGE_INDEX.label): void {
  for (const i of indices) {
    if (i >= count) {
      throw new ContractError(
        'BAD_ARGUMENT',
        `${field} must be a whole number from 0 to ${count - 1}: the dataset has ${count} images (got ${i}).`,
      );
    }
  }
}
