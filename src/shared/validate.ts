// Run-time validation of every call's argument, shared by the service and the Electron shell.
// A hand-written table (one small validator per CallName) instead of a schema library: the contract
// is small, and each failure names the field and what was expected, so the message is actionable.
// Constraint: imports nothing at run time from Electron, Node or the DOM (like contract.ts).

import {
  CALL_NAMES,
  ContractError,
  FOLDER_BACKGROUNDS,
  FOLDER_COLOURS,
  FOLDER_FITS,
  FOLDER_SIZE_MAX,
  FOLDER_SIZE_MIN,
  GIF_LIMITS,
  MAX_TRAIN_THREADS,
  type CallArg,
  type CallName,
  type DatasetSource,
  type LatentBase,
  type ProjectionSpec,
  type GifSource,
  type TrainConfig,
} from './contract.js';
import { checkGifBudget } from './gif-budget.js';

type V<T> = (value: unknown, path: string) => T;

function fail(path: string, expected: string, value: unknown): never {
  throw new ContractError('BAD_ARGUMENT', `${path} must be ${expected} (got ${describe(value)}).`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return `a ${typeof value}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

const str =
  (maxLength = 4096, minLength = 0): V<string> =>
  (v, p) =>
    typeof v === 'string' && v.length >= minLength && v.length <= maxLength
      ? v
      : fail(p, minLength > 0 ? `a non-empty text of at most ${maxLength} characters` : 'a text', v);

const num =
  (min = -Infinity, max = Infinity, exclusiveMin = false): V<number> =>
  (v, p) =>
    typeof v === 'number' && Number.isFinite(v) && (exclusiveMin ? v > min : v >= min) && v <= max
      ? v
      : fail(p, `a number ${exclusiveMin ? '>' : '≥'} ${min}${max < Infinity ? ` and ≤ ${max}` : ''}`, v);

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): V<number> =>
  (v, p) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? v
      : fail(p, `a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`, v);

const bool: V<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'true or false', v));

const oneOf =
  <T extends string>(...options: readonly T[]): V<T> =>
  (v, p) =>
    options.includes(v as T) ? (v as T) : fail(p, `one of ${options.map((o) => `'${o}'`).join(', ')}`, v);

const arrayOf =
  <T>(item: V<T>, minLength = 0, maxLength = 100_000): V<T[]> =>
  (v, p) => {
    if (!Array.isArray(v) || v.length < minLength || v.length > maxLength)
      fail(p, `a list of ${minLength}..${maxLength} items`, v);
    return v.map((x, i) => item(x, `${p}[${i}]`));
  };

const optional =
  <T>(inner: V<T>): V<T | undefined> =>
  (v, p) =>
    v === undefined ? undefined : inner(v, p);

/** Validates the listed fields; unknown extra fields are dropped (never forwarded). */
function obj<T>(fields: { [K in keyof T]-?: V<T[K]> }): V<T> {
  return (v, p) => {
    if (!isRecord(v)) fail(p, 'an object', v);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      const value = fields[key](v[key], `${p}.${key}`);
      if (value !== undefined) out[key] = value;
    }
    return out as T;
  };
}

/** Picks the validator by the `kind`/`method` tag of a tagged union. */
function tagged<T>(tag: string, cases: Record<string, V<T>>): V<T> {
  const names = Object.keys(cases);
  return (v, p) => {
    if (!isRecord(v)) fail(p, 'an object', v);
    const c = cases[v[tag] as string];
    if (typeof v[tag] !== 'string' || !c)
      fail(`${p}.${tag}`, `one of ${names.map((n) => `'${n}'`).join(', ')}`, v[tag]);
    return c(v, p);
  };
}

const f32: V<Float32Array> = (v, p) => (v instanceof Float32Array ? v : fail(p, 'a Float32Array', v));
const index = int(0);
const jobId = str(200, 1);
const none: V<void> = (v, p) =>
  v === undefined || v === null || (isRecord(v) && Object.keys(v).length === 0) ? undefined : fail(p, 'empty', v);

const matrix: V<{ data: Float32Array; rows: number; cols: number }> = (v, p) => {
  const m = obj({ data: f32, rows: int(1, 100_000), cols: int(1, 4096) })(v, p);
  if (m.data.length !== m.rows * m.cols) fail(`${p}.data`, `of length rows×cols = ${m.rows * m.cols}`, m.data);
  return m;
};

const datasetSource = tagged<DatasetSource>('kind', {
  builtin: obj({ kind: oneOf('builtin'), name: oneOf('mnist') }),
  idx: obj({ kind: oneOf('idx'), path: str(4096, 1) }),
  folder: obj({ kind: oneOf('folder'), path: str(4096, 1) }),
});

const latentBase = tagged<LatentBase>('kind', {
  origin: obj({ kind: oneOf('origin') }),
  image: obj({ kind: oneOf('image'), index }),
  z: obj({ kind: oneOf('z'), z: f32 }),
});

const trainConfig: V<TrainConfig> = obj<TrainConfig>({
  arch: oneOf('mlp', 'conv'),
  hidden: arrayOf(int(1, 8192), 0, 8),
  latent: int(2, 128),
  loss: oneOf('bce', 'mse'),
  beta: num(0, 1000),
  klWarmupEpochs: int(0, 10_000),
  learningRate: num(0, 1, true),
  batchSize: int(1, 8192),
  epochs: int(1, 10_000),
  seed: int(0, 2 ** 32 - 1),
  backend: oneOf('auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'),
  limit: int(0),
  threads: optional(int(0, MAX_TRAIN_THREADS)),
});

const projectionSpec = tagged<ProjectionSpec>('method', {
  pca: obj({ method: oneOf('pca') }),
  dims: obj({ method: oneOf('dims'), dims: arrayOf(int(0, 127), 3, 3) as V<[number, number, number]> }),
  umap: obj({ method: oneOf('umap'), nNeighbors: optional(int(2, 200)), seed: optional(int(0, 2 ** 32 - 1)) }),
});

const gifSource = tagged<GifSource>('kind', {
  interpolation: obj({ kind: oneOf('interpolation'), from: index, to: index, mode: oneOf('linear', 'slerp') }),
  walk: obj({ kind: oneOf('walk'), dim: int(0, 127), base: latentBase, span: num(0, 100, true) }),
});

const dims2 = arrayOf(int(0, 127), 2, 2) as V<[number, number]>;
const savePath = optional(str(4096, 1));

const modelRef: V<{ id: string } | { path: string }> = (v, p) => {
  if (isRecord(v) && v.id !== undefined) return obj({ id: modelId })(v, p);
  if (isRecord(v) && v.path !== undefined) return obj({ path: str(4096, 1) })(v, p);
  return fail(p, 'an object with an id or a path', v);
};

/** A model-store id: one plain directory name, never a path. */
const modelId: V<string> = (v, p) =>
  typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(v) && !v.includes('..')
    ? v
    : fail(p, 'a model id (letters, digits, dot, dash, underscore)', v);

/** Each field within its range, and together within the one GIF budget (shared/gif-budget.ts). */
const withGifBudget =
  (inner: V<CallArg<'export.gif'>>): V<CallArg<'export.gif'>> =>
  (v, p) => {
    const arg = inner(v, p);
    checkGifBudget(arg.options.frames, arg.options.size, arg.options.pingpong);
    return arg;
  };

type Table = { [K in CallName]: V<CallArg<K>> };

const TABLE: Table = {
  'app.info': none,
  'fs.list': obj({ path: optional(str(4096, 1)) }),
  'dataset.open': obj({
    source: datasetSource,
    options: optional(
      obj({
        size: optional(int(FOLDER_SIZE_MIN, FOLDER_SIZE_MAX)),
        fit: optional(oneOf(...FOLDER_FITS)),
        colour: optional(oneOf(...FOLDER_COLOURS)),
        background: optional(oneOf(...FOLDER_BACKGROUNDS)),
        testFraction: optional(num(0, 0.9)),
        seed: optional(int(0, 2 ** 32 - 1)),
      }),
    ),
    jobId,
  }),
  'dataset.info': none,
  'dataset.images': obj({ indices: arrayOf(index, 0, 10_000) }),
  'dataset.labels': none,
  'job.cancel': obj({ jobId }),
  'train.start': obj({ config: trainConfig, jobId }),
  'train.pause': none,
  'train.resume': none,
  'train.stop': none,
  'train.state': none,
  'train.snapshot': none,
  'model.info': none,
  'model.save': obj({ name: str(200, 1) }),
  'model.list': none,
  'model.open': modelRef,
  'model.delete': obj({ id: modelId }),
  'latent.codes': obj({ jobId: optional(jobId) }),
  'latent.project': obj({ spec: projectionSpec, jobId: optional(jobId) }),
  'latent.decode': obj({ z: matrix }),
  'latent.interpolate': obj({
    from: index,
    to: index,
    ts: arrayOf(num(-10, 10), 1, 1000),
    mode: oneOf('linear', 'slerp'),
  }),
  'latent.walk': obj({
    base: latentBase,
    dims: optional(arrayOf(int(0, 127), 1, 128)),
    steps: int(2, 101),
    span: num(0, 100, true),
  }),
  'latent.samples': obj({ n: int(1, 1024), seed: int(0, 2 ** 32 - 1) }),
  'latent.reconstruct': obj({ indices: arrayOf(index, 1, 1024) }),
  'latent.manifold': obj({ dims: dims2, steps: int(2, 64), span: num(0, 100, true), base: latentBase }),
  'latent.neighbours': obj({ index, k: int(1, 1000), label: optional(int(0)) }),
  'latent.klPerDim': none,
  'metrics.evaluate': obj({ iwSamples: int(1, 10_000), jobId }),
  'export.gif': withGifBudget(
    obj({
      source: gifSource,
      options: obj({
        frames: int(GIF_LIMITS.frames.min, GIF_LIMITS.frames.max),
        fps: num(GIF_LIMITS.fps.min, GIF_LIMITS.fps.max),
        size: int(GIF_LIMITS.size.min, GIF_LIMITS.size.max),
        pingpong: bool,
      }),
      path: savePath,
      jobId: optional(jobId),
    }),
  ),
  'export.png': obj({
    grid: obj({
      kind: oneOf('walk', 'manifold', 'samples', 'reconstructions'),
      base: optional(latentBase),
      dims: optional(dims2),
      steps: optional(int(2, 64)),
      span: optional(num(0, 100, true)),
      count: optional(int(1, 1024)),
      seed: optional(int(0, 2 ** 32 - 1)),
      scale: optional(int(1, 32)),
      walkDims: optional(arrayOf(int(0, 127), 1, 128)),
    }),
    path: savePath,
  }),
  'export.coords': obj({ format: oneOf('csv', 'json'), path: savePath }),
};

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
}

/**
 * Checks a call's argument; returns it with unknown fields dropped. Throws ContractError
 * BAD_ARGUMENT naming the field and what was expected.
 */
export function validateCallArg<K extends CallName>(name: K, arg: unknown): CallArg<K> {
  if (!isCallName(name)) throw new ContractError('BAD_ARGUMENT', `Unknown call ${describe(name)}.`);
  const validator = TABLE[name] as V<CallArg<K>>;
  return validator(arg, name);
}
