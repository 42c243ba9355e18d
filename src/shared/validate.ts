// Run-time validation of every call's argument, shared by the service and the Electron shell.
// A hand-written table (one small validator per CallName) instead of a schema library: the contract
// is small. Values a person typed are checked by the labelled Fields of train-fields.ts and
// call-fields.ts (the same ones the form and the CLI use), so a message names what the person sees
// ("Image A must be a whole number from 0 up (got nothing)."); internal values name their path.
// Constraint: imports nothing at run time from Electron, Node or the DOM (like contract.ts).

import {
  BASE_IMAGE,
  EVAL_FIELDS,
  FOLDER_FIELDS,
  GIF_FIELDS,
  IMAGE_A,
  IMAGE_B,
  IMAGE_INDEX,
  LATENT_DIM,
  MANIFOLD_FIELDS,
  NEIGHBOURS_K,
  ONNX_FIELDS,
  SAMPLE_FIELDS,
  SPAN,
  WALK_FIELDS,
} from './call-fields.js';
import {
  CALL_NAMES,
  ContractError,
  VIEW_NAME_MAX,
  FIGURE_MAX_IMAGES,
  type CallArg,
  type CallName,
  type DatasetSource,
  type LatentBase,
  type ProjectionSpec,
  type GifSource,
  type SavedView,
  type ViewAxes,
  type ViewCamera,
  type ViewWalkBase,
  type TrainConfig,
} from './contract.js';
import { checkGifBudget } from './gif-budget.js';
import { describeValue, FieldError, intField, numberField, type Field } from './schema.js';
import { checkTrainConfig, SEED_MAX } from './train-fields.js';

type V<T> = (value: unknown, path: string) => T;
/** An entry of an object schema: a labelled Field (messages use its label) or a plain validator (messages use the path). */
type Entry<T> = V<T> | Field<T>;

function fail(path: string, expected: string, value: unknown): never {
  throw new ContractError('BAD_ARGUMENT', `${path} must be ${expected} (got ${describeValue(value)}).`);
}

/** A labelled field's check, its FieldError turned into the contract's BAD_ARGUMENT. */
function run<T>(entry: Entry<T>, value: unknown, path: string): T {
  if (typeof entry === 'function') return entry(value, path);
  try {
    return entry.check(value);
  } catch (e) {
    if (e instanceof FieldError) throw new ContractError('BAD_ARGUMENT', e.message);
    throw e;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

const str =
  (maxLength = 4096, minLength = 0): V<string> =>
  (v, p) =>
    typeof v === 'string' && v.length >= minLength && v.length <= maxLength
      ? v
      : fail(p, minLength > 0 ? `a non-empty text of at most ${maxLength} characters` : 'a text', v);

const oneOf =
  <T extends string>(...options: readonly T[]): V<T> =>
  (v, p) =>
    options.includes(v as T) ? (v as T) : fail(p, `one of ${options.map((o) => `'${o}'`).join(', ')}`, v);

const arrayOf =
  <T>(item: Entry<T>, minLength = 0, maxLength = 100_000): V<T[]> =>
  (v, p) => {
    if (!Array.isArray(v) || v.length < minLength || v.length > maxLength)
      fail(p, `a list of ${minLength}..${maxLength} items`, v);
    return v.map((x, i) => run(item, x, `${p}[${i}]`));
  };

const bool: V<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'true or false', v));

const optional =
  <T>(inner: Entry<T>): V<T | undefined> =>
  (v, p) =>
    v === undefined ? undefined : run(inner, v, p);

/** Validates the listed fields; unknown extra fields are dropped (never forwarded). */
function obj<T>(fields: { [K in keyof T]-?: Entry<T[K]> }): V<T> {
  return (v, p) => {
    if (!isRecord(v)) fail(p, 'an object', v);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      const value = run(fields[key], v[key], `${p}.${key}`);
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
const jobId = str(200, 1);
const none: V<void> = (v, p) =>
  v === undefined || v === null || (isRecord(v) && Object.keys(v).length === 0) ? undefined : fail(p, 'empty', v);

const matrix: V<{ data: Float32Array; rows: number; cols: number }> = (v, p) => {
  const m = obj({ data: f32, rows: intField('Rows', 1, 100_000), cols: intField('Latent size', 1, 4096) })(v, p);
  if (m.data.length !== m.rows * m.cols) fail(`${p}.data`, `of length rows×cols = ${m.rows * m.cols}`, m.data);
  return m;
};

const datasetSource = tagged<DatasetSource>('kind', {
  builtin: obj({ kind: oneOf('builtin'), name: oneOf('mnist') }),
  idx: obj({ kind: oneOf('idx'), path: str(4096, 1) }),
  folder: obj({ kind: oneOf('folder'), path: str(4096, 1) }),
});

const latentBase = (image: Field<number>) =>
  tagged<LatentBase>('kind', {
    origin: obj({ kind: oneOf('origin') }),
    image: obj({ kind: oneOf('image'), index: image }),
    z: obj({ kind: oneOf('z'), z: f32 }),
  });
const base = latentBase(BASE_IMAGE);

const trainConfig: V<TrainConfig> = (v) => checkTrainConfig(v);

const projectionSpec = tagged<ProjectionSpec>('method', {
  pca: obj({ method: oneOf('pca') }),
  dims: obj({ method: oneOf('dims'), dims: arrayOf(LATENT_DIM, 3, 3) as V<[number, number, number]> }),
  umap: obj({
    method: oneOf('umap'),
    nNeighbors: optional(intField('UMAP neighbours', 2, 200)),
    seed: optional(intField('UMAP seed', 0, SEED_MAX)),
  }),
});

const gifSource = tagged<GifSource>('kind', {
  interpolation: obj({ kind: oneOf('interpolation'), from: IMAGE_A, to: IMAGE_B, mode: oneOf('linear', 'slerp') }),
  walk: obj({ kind: oneOf('walk'), dim: LATENT_DIM, base, span: SPAN }),
  line: obj({
    kind: oneOf('line'),
    base: f32,
    direction: f32,
    from: numberField('Strength from', -100, 100),
    to: numberField('Strength to', -100, 100),
  }),
});

const dims2 = arrayOf(LATENT_DIM, 2, 2) as V<[number, number]>;
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

const onnxPair = {
  encoder: str(4096, 1),
  decoder: str(4096, 1),
  options: optional(
    obj({
      inputRange: optional(ONNX_FIELDS.inputRange),
      decoderOutput: optional(ONNX_FIELDS.decoderOutput),
      likelihood: optional(ONNX_FIELDS.likelihood),
      shape: optional(
        obj({
          height: ONNX_FIELDS.height,
          width: ONNX_FIELDS.width,
          channels: ((v, p) => (v === 1 || v === 3 ? v : fail(p, '1 or 3', v))) as V<1 | 3>,
        }),
      ),
    }),
  ),
};

/** Each field within its range, and together within the one GIF budget (shared/gif-budget.ts). */
const withGifBudget =
  (inner: V<CallArg<'export.gif'>>): V<CallArg<'export.gif'>> =>
  (v, p) => {
    const arg = inner(v, p);
    checkGifBudget(arg.options.frames, arg.options.size, arg.options.pingpong);
    return arg;
  };

const vec3 = arrayOf(numberField('Camera coordinate', -1e6, 1e6), 3, 3) as V<[number, number, number]>;
const index = intField('Image index', 0);
const viewName = (v: unknown, p: string): string => {
  const name = str(VIEW_NAME_MAX, 1)(v, p).trim();
  return name.length > 0 ? name : fail(p, 'a name that is not only spaces', v);
};

/** One saved view: the schema behind view.save, views.json and an imported view file alike. */
export const savedView: V<SavedView> = obj<SavedView>({
  name: viewName,
  savedAt: str(64),
  modelId: (v, p) => (v === null ? null : str(200, 1)(v, p)),
  modelName: str(400),
  dataset: (v, p) => (v === null ? null : datasetSource(v, p)),
  datasetName: str(400),
  projection: projectionSpec,
  axes: optional(
    obj<ViewAxes>({
      pca: arrayOf(LATENT_DIM, 3, 3) as V<[number, number, number]>,
      scaling: oneOf('shared', 'per-axis'),
    }),
  ),
  camera: (v, p) => (v === null ? null : obj<ViewCamera>({ position: vec3, target: vec3, flat: optional(bool) })(v, p)),
  a: index,
  b: index,
  c: index,
  selection: arrayOf(index, 0, 100_000),
  walk: obj({
    steps: intField('Walk steps', 2, 64),
    span: numberField('Walk span', 0, 100, { aboveMin: true }),
    base: tagged<ViewWalkBase>('kind', {
      a: obj({ kind: oneOf('a') }),
      origin: obj({ kind: oneOf('origin') }),
      z: obj({ kind: oneOf('z'), z: arrayOf(numberField('Latent value', -1e6, 1e6), 1, 128) }),
    }),
  }),
});

type Table = { [K in CallName]: V<CallArg<K>> };

const TABLE: Table = {
  'app.info': none,
  'fs.list': obj({ path: optional(str(4096, 1)) }),
  'dataset.open': obj({
    source: datasetSource,
    options: optional(
      obj({
        size: optional(FOLDER_FIELDS.size),
        fit: optional(FOLDER_FIELDS.fit),
        colour: optional(FOLDER_FIELDS.colour),
        background: optional(FOLDER_FIELDS.background),
        testFraction: optional(FOLDER_FIELDS.testFraction),
        seed: optional(FOLDER_FIELDS.seed),
      }),
    ),
    jobId,
  }),
  'dataset.info': none,
  'dataset.images': obj({ indices: arrayOf(IMAGE_INDEX, 0, 10_000) }),
  'dataset.labels': none,
  'dataset.fileNames': none,
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
  'model.inspectOnnx': obj(onnxPair),
  'model.importOnnx': obj({ ...onnxPair, name: str(200, 1) }),
  'model.exportOnnx': obj({ dir: savePath }),
  'latent.codes': obj({ jobId: optional(jobId) }),
  'latent.project': obj({ spec: projectionSpec, jobId: optional(jobId) }),
  'latent.decode': obj({ z: matrix }),
  'latent.interpolate': obj({
    from: IMAGE_A,
    to: IMAGE_B,
    ts: arrayOf(numberField('Position t', -10, 10), 1, 1000),
    mode: oneOf('linear', 'slerp'),
  }),
  'latent.walk': obj({
    base,
    dims: optional(arrayOf(LATENT_DIM, 1, 128)),
    steps: WALK_FIELDS.steps,
    span: WALK_FIELDS.span,
  }),
  'latent.samples': obj(SAMPLE_FIELDS),
  'latent.reconstruct': obj({ indices: arrayOf(IMAGE_INDEX, 1, 1024) }),
  'latent.manifold': obj({ dims: dims2, steps: MANIFOLD_FIELDS.steps, span: MANIFOLD_FIELDS.span, base }),
  // The Explore tab lists the neighbours of image A.
  'latent.neighbours': obj({ index: IMAGE_A, k: NEIGHBOURS_K, label: optional(intField('Label', 0)) }),
  'latent.klPerDim': none,
  'metrics.evaluate': obj({ iwSamples: EVAL_FIELDS.iwSamples, jobId }),
  'export.gif': withGifBudget(
    obj({
      source: gifSource,
      options: obj(GIF_FIELDS),
      path: savePath,
      jobId: optional(jobId),
    }),
  ),
  'export.png': obj({
    grid: obj({
      kind: oneOf('walk', 'manifold', 'samples', 'reconstructions', 'slice', 'traversal'),
      base: optional(base),
      dims: optional(dims2),
      steps: optional(MANIFOLD_FIELDS.steps),
      span: optional(SPAN),
      count: optional(SAMPLE_FIELDS.n),
      seed: optional(SAMPLE_FIELDS.seed),
      scale: optional(intField('Pixel scale', 1, 32)),
      walkDims: optional(arrayOf(LATENT_DIM, 1, 128)),
      indices: optional(arrayOf(index, 1, FIGURE_MAX_IMAGES)),
      rows: optional(intField('Figure rows', 1, 128)),
      format: optional(oneOf('png', 'svg')),
      z: optional(matrix),
      cols: optional(intField('Slice columns', 1, 1024)),
    }),
    path: savePath,
  }),
  'export.coords': obj({
    format: oneOf('csv', 'json'),
    path: savePath,
    indices: optional(arrayOf(IMAGE_INDEX, 1, 1_000_000)),
  }),
  'view.list': none,
  'view.save': obj({ view: savedView }),
  'view.delete': obj({ name: viewName }),
  'view.export': obj({ name: viewName, path: savePath }),
};

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
}

/**
 * Checks a call's argument; returns it with unknown fields dropped. Throws ContractError
 * BAD_ARGUMENT naming the field and what was expected.
 */
export function validateCallArg<K extends CallName>(name: K, arg: unknown): CallArg<K> {
  if (!isCallName(name)) throw new ContractError('BAD_ARGUMENT', `Unknown call ${describeValue(name)}.`);
  const validator = TABLE[name] as V<CallArg<K>>;
  return validator(arg, name);
}
