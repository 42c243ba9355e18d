// The schema of meta.json, checked on every read: a model folder is trusted only as far as this
// check goes (a hand-edited or foreign meta.json must give a reason, never an INTERNAL error later).
// Unknown extra fields are kept: a newer version may add some, and this one must still open it.
// Training-only hyperparameters are checked for type only: their ranges belong to the train.start
// schema (src/shared/validate.ts), and a model trained under other limits must still open.
import {
  DEFAULT_TRAIN_CONFIG,
  FOLDER_BACKGROUNDS,
  FOLDER_FITS,
  type FolderSettings,
  type TrainConfig,
} from '../../shared/contract.js';
import type { ModelMeta } from './api.js';
import { legacyConvFilters } from './model.js';

export const MODEL_FORMAT = 'latent-explorer-vae@1';

/** A manifest / weights file named by a model: one plain file name inside the folder, never a path. */
export const MODEL_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Thrown with the reason a meta.json is not usable; store.ts turns it into MODEL_INVALID. */
export class MetaError extends Error {}

const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (v === null || typeof v !== 'object') return String(v);
  return 'an object';
}

function bad(path: string, expected: string, v: unknown): never {
  throw new MetaError(`meta.json: ${path} must be ${expected} (got ${show(v)})`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function record(v: unknown, path: string): Record<string, unknown> {
  return isRecord(v) ? v : bad(path, 'an object', v);
}
function text(v: unknown, path: string, nonEmpty = false): string {
  return typeof v === 'string' && (!nonEmpty || v.trim() !== '') ? v : bad(path, 'a text', v);
}
function finite(v: unknown, path: string, min = -Infinity): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : bad(path, `a number ≥ ${min}`, v);
}
function whole(v: unknown, path: string, min: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min ? v : bad(path, `a whole number ≥ ${min}`, v);
}
function choice<T extends string>(v: unknown, path: string, options: readonly T[]): T {
  return options.includes(v as T) ? (v as T) : bad(path, `one of ${options.join(', ')}`, v);
}

function config(v: unknown): TrainConfig {
  const c = { ...DEFAULT_TRAIN_CONFIG, ...record(v, 'config') };
  if (!Array.isArray(c.hidden)) bad('config.hidden', 'a list of layer sizes', c.hidden);
  return {
    ...c,
    arch: choice(c.arch, 'config.arch', ['mlp', 'conv'] as const),
    hidden: c.hidden.map((h, i) => whole(h, `config.hidden[${i}]`, 1)),
    latent: whole(c.latent, 'config.latent', 1),
    loss: choice(c.loss, 'config.loss', ['bce', 'mse'] as const),
    beta: finite(c.beta, 'config.beta', 0),
    klWarmupEpochs: whole(c.klWarmupEpochs, 'config.klWarmupEpochs', 0),
    learningRate: finite(c.learningRate, 'config.learningRate', 0),
    batchSize: whole(c.batchSize, 'config.batchSize', 1),
    epochs: whole(c.epochs, 'config.epochs', 1),
    seed: whole(c.seed, 'config.seed', 0),
    backend: choice(c.backend, 'config.backend', ['auto', ...BACKENDS] as const),
    limit: whole(c.limit, 'config.limit', 0),
    binarize: typeof c.binarize === 'boolean' ? c.binarize : bad('config.binarize', 'true or false', c.binarize),
    threads: whole(c.threads, 'config.threads', 0),
    ...(c.filters === undefined ? {} : { filters: list(c.filters, 'config.filters') }),
  };
}

function list(v: unknown, path: string): number[] {
  if (!Array.isArray(v)) bad(path, 'a list of channel counts', v);
  return v.map((x, i) => whole(x, `${path}[${i}]`, 1));
}

function history(v: unknown): ModelMeta['history'] {
  if (!Array.isArray(v)) bad('history', 'a list of epochs', v);
  return v.map((e, i) => {
    const p = `history[${i}]`;
    const r = record(e, p);
    const recon = finite(r.recon, `${p}.recon`);
    const kl = finite(r.kl, `${p}.kl`);
    return {
      ...r,
      epoch: whole(r.epoch, `${p}.epoch`, 1),
      loss: finite(r.loss, `${p}.loss`),
      // Older models have no elbo: −(recon + kl) is it, whatever β was (their loss is β-weighted).
      elbo: r.elbo === undefined ? -(recon + kl) : finite(r.elbo, `${p}.elbo`),
      recon,
      kl,
      testElbo: r.testElbo === null ? null : finite(r.testElbo, `${p}.testElbo`),
      seconds: finite(r.seconds, `${p}.seconds`, 0),
    };
  });
}

/** How an image folder was loaded for this model (absent in older models and for other data). */
function folder(v: unknown): FolderSettings {
  const f = record(v, 'folder');
  return {
    ...f,
    size: whole(f.size, 'folder.size', 1),
    fit: choice(f.fit, 'folder.fit', FOLDER_FITS),
    colour: choice(f.colour, 'folder.colour', ['grey', 'rgb'] as const),
    background: choice(f.background, 'folder.background', FOLDER_BACKGROUNDS),
  };
}

/** Checks a parsed meta.json; returns it with defaults filled in, or throws MetaError with the reason. */
export function parseModelMeta(value: unknown): ModelMeta {
  const m = record(value, 'the file');
  if (m.format !== MODEL_FORMAT) throw new MetaError(`meta.json does not declare format ${MODEL_FORMAT}`);
  const s = record(m.shape, 'shape');
  const createdAt = text(m.createdAt, 'createdAt');
  if (!Number.isFinite(Date.parse(createdAt))) bad('createdAt', 'a date (ISO 8601)', createdAt);
  const manifest = m.manifest === undefined ? undefined : text(m.manifest, 'manifest');
  if (manifest !== undefined && !MODEL_FILE_NAME.test(manifest)) bad('manifest', 'a file name', manifest);
  const shape = {
    height: whole(s.height, 'shape.height', 1),
    width: whole(s.width, 'shape.width', 1),
    channels: choice(s.channels as never, 'shape.channels', [1, 3] as never[]) as 1 | 3,
  };
  const c = config(m.config);
  // Conv models saved before `filters` existed (v0.1) have that version's layout; say so explicitly,
  // so that the model keeps it when saved again.
  if (c.arch === 'conv' && c.filters === undefined) c.filters = legacyConvFilters(shape);
  return {
    ...m,
    format: MODEL_FORMAT,
    name: text(m.name, 'name', true),
    config: c,
    shape,
    backend: choice(m.backend, 'backend', BACKENDS),
    seed: whole(m.seed, 'seed', 0),
    datasetFingerprint: text(m.datasetFingerprint, 'datasetFingerprint'),
    datasetName: text(m.datasetName, 'datasetName'),
    history: history(m.history),
    createdAt,
    ...(manifest !== undefined ? { manifest } : {}),
    ...(m.folder !== undefined ? { folder: folder(m.folder) } : {}),
  };
}
