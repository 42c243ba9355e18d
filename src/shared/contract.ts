// The one contract between the UI and the main-process side. Both transports (Electron IPC via the
// preload, and the browser host's WebSocket) and the renderer are checked against these types.
// Constraint: this file imports nothing at run time from Electron, Node or the DOM.
//
// Conventions
// - Every call takes one argument object (or `void`) and returns a Promise of its result.
// - Images and latent codes travel as typed arrays with their shape, never as number[].
// - Long work (dataset loading, training, evaluation, exports) takes a caller-chosen `jobId`:
//   the call's promise resolves when the work ends, `job.progress` events report on it meanwhile,
//   and `job.cancel({ jobId })` stops it (the call then rejects with code CANCELLED).
// - Failures reject with a ContractError: { code, message } where message is for a person.

// ---------------------------------------------------------------------------------------------
// Errors

export const ERROR_CODES = [
  'BAD_ARGUMENT',
  'NOT_FOUND',
  'DATASET_EMPTY',
  'DATASET_NOT_LOADED',
  'IMAGE_DECODE_FAILED',
  'IDX_INVALID',
  'MODEL_NOT_LOADED',
  'MODEL_INCOMPATIBLE',
  'MODEL_INVALID',
  'TRAINING_BUSY',
  'TRAINING_DIVERGED',
  'NOT_TRAINING',
  'CANCELLED',
  'BACKEND_UNAVAILABLE',
  'WORKER_CRASHED',
  'EXPORT_FAILED',
  /** A save target exists and is not a model folder, or is one and replacing it was not asked for. */
  'TARGET_EXISTS',
  /** Another running Latent Explorer holds the data folder. */
  'DATA_DIR_LOCKED',
  /** The data folder cannot be used (read-only, full, not a folder, no permission). */
  'DATA_DIR_UNUSABLE',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serialised form of an error that crosses the contract. */
export interface ContractErrorData {
  code: ErrorCode;
  message: string;
}

export class ContractError extends Error implements ContractErrorData {
  override readonly name = 'ContractError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
  toJSON(): ContractErrorData {
    return { code: this.code, message: this.message };
  }
}

export function isContractErrorData(value: unknown): value is ContractErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ContractErrorData).message === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as ContractErrorData).code)
  );
}

/** Rebuilds a ContractError from whatever a transport delivered (an Error, plain data, junk). */
export function toContractError(value: unknown): ContractError {
  if (value instanceof ContractError) return value;
  if (isContractErrorData(value)) return new ContractError(value.code, value.message);
  if (value instanceof Error) {
    // Electron prefixes rejected IPC errors: "Error invoking remote method 'x': Error: ..."
    const m = /\[([A-Z_]+)\] (.*)$/s.exec(value.message);
    if (m && (ERROR_CODES as readonly string[]).includes(m[1]!)) return new ContractError(m[1] as ErrorCode, m[2]!);
    return new ContractError('INTERNAL', value.message);
  }
  return new ContractError('INTERNAL', String(value));
}

// ---------------------------------------------------------------------------------------------
// Shared shapes

/** N images, row-major, pixel values 0..255, interleaved channels (HWC). data.length = n*h*w*c. */
export interface ImageBatch {
  data: Uint8Array;
  n: number;
  height: number;
  width: number;
  channels: 1 | 3;
}

/** A row-major matrix of floats: data.length = rows*cols. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

export interface BackendReport {
  /** The backend in use. */
  name: BackendName;
  /** Why each backend tried before it was skipped, in the order tried. */
  skipped: { name: BackendName; reason: string }[];
}

// ---------------------------------------------------------------------------------------------
// Datasets

export type DatasetSource =
  { kind: 'builtin'; name: 'mnist' } | { kind: 'idx'; path: string } | { kind: 'folder'; path: string };

/** Side lengths (px) an image folder can be loaded at: the one pair the form, CLI, service and loader use. */
export const FOLDER_SIZE_MIN = 16;
export const FOLDER_SIZE_MAX = 128;
/** crop: centre crop to a square (the default). pad: the whole image, letterboxed onto the background. */
export const FOLDER_FITS = ['crop', 'pad'] as const;
/** auto: rgb when any image has colour, else grey. */
export const FOLDER_COLOURS = ['auto', 'grey', 'rgb'] as const;
/** What transparent pixels (and pad's letterbox bars) become. */
export const FOLDER_BACKGROUNDS = ['black', 'white'] as const;
export type FolderFit = (typeof FOLDER_FITS)[number];
export type FolderColour = (typeof FOLDER_COLOURS)[number];
export type FolderBackground = (typeof FOLDER_BACKGROUNDS)[number];

export interface FolderOptions {
  /** Images are fitted to size × size (FOLDER_SIZE_MIN..MAX). Default 28 when grey, 32 when rgb. */
  size?: number;
  /** Default 'crop'. */
  fit?: FolderFit;
  /** Default 'auto'. */
  colour?: FolderColour;
  /** Default 'black'. */
  background?: FolderBackground;
  /** Fraction of images held out for test. Default 0.1. */
  testFraction?: number;
  /** Seed of the train/test split. Default 0. */
  seed?: number;
}

/** How a folder was actually loaded (colour resolved): a model records these to load folders the same way. */
export interface FolderSettings {
  size: number;
  fit: FolderFit;
  colour: 'grey' | 'rgb';
  background: FolderBackground;
}

/** The load report of an image folder: the settings used and how many images needed special handling. */
export interface FolderLoadReport {
  settings: FolderSettings;
  /** Smaller than the size (the side crop/pad fits to): enlarged, so they look soft. */
  upscaled: number;
  /** Had transparency, flattened onto the background. */
  withAlpha: number;
  /** Turned upright by their EXIF orientation. */
  rotated: number;
  /** 16 bits per sample, reduced to 8. */
  sixteenBit: number;
  /** CMYK (print) JPEG/TIFF, converted to sRGB. */
  cmyk: number;
  /** Animated or multi-page (GIF, WebP, TIFF): the first frame is used. */
  animated: number;
  /** Palette (indexed) PNGs with a transparent colour. */
  paletteAlpha: number;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface DatasetInfo {
  /** A stable fingerprint of the content (source + sizes + mtimes, or file hash). */
  fingerprint: string;
  source: DatasetSource;
  name: string;
  /** All images are indexed 0..count-1: train first, then test. */
  count: number;
  trainCount: number;
  testCount: number;
  height: number;
  width: number;
  channels: 1 | 3;
  /** Label names; labels[i] of an image indexes into this. Empty when the data has no labels. */
  labelNames: string[];
  skipped: SkippedFile[];
  /** Image folders only. */
  folder?: FolderLoadReport;
}

/** What dataset.fileNames returns: the file of each image, for the dataset with this fingerprint. */
export interface DatasetFileNames {
  /** The DatasetInfo.fingerprint the names belong to: the UI drops names of a dataset no longer open. */
  fingerprint: string;
  /** Per image index, its path relative to the folder with '/' separators; null for MNIST and IDX. */
  names: string[] | null;
}

export interface DirEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file';
}

export interface DirListing {
  path: string;
  parent: string | null;
  entries: DirEntry[];
}

// ---------------------------------------------------------------------------------------------
// Training and models

/** Every field also has one entry in shared/train-fields.ts: its label, limits and CLI flag. */
export interface TrainConfig {
  arch: 'mlp' | 'conv';
  /**
   * Dense layer sizes of the encoder (the decoder mirrors them); for conv, after the convolutions.
   * Default [512] (mlp), DEFAULT_CONV_HIDDEN (conv).
   */
  hidden: number[];
  /**
   * Conv only: output channels of each 4×4 stride-2 convolution, one per halving of the side.
   * Absent: DEFAULT_CONV_FILTERS for a new model; a model saved before this field existed has the
   * v0.1 layout (engine/model.ts legacyConvFilters).
   */
  filters?: number[];
  /** Latent size, 2..128. Default 20. */
  latent: number;
  loss: 'bce' | 'mse';
  beta: number;
  /** Epochs over which β ramps from 0 to its value; 0 = none. */
  klWarmupEpochs: number;
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
  backend: BackendChoice;
  /** Use only the first N training images (0 = all). */
  limit: number;
  /**
   * Binarised pixels: each training batch is sampled anew (pixel on with probability = its grey
   * level), the test set is binarised once with a fixed seed. Off: the likelihood is of grey levels.
   */
  binarize: boolean;
  /**
   * Threads that train in parallel on the wasm backend (data-parallel replicas); 0 or absent = all
   * cores (os.availableParallelism()). The native backends ignore it: they are multi-threaded.
   */
  threads?: number;
}

/** The β-VAE conv model (Higgins et al. 2017, disentanglement_lib): 64 px → 4×4×64 → dense 256. */
export const DEFAULT_CONV_FILTERS: readonly number[] = [32, 32, 64, 64];
export const DEFAULT_CONV_HIDDEN: readonly number[] = [256];
/** Conv filter lists: 1..maxLayers entries (and at most log2(side), engine/model.ts), each 1..maxWidth. */
export const CONV_FILTER_LIMITS = { maxLayers: 7, maxWidth: 1024 } as const;

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  arch: 'mlp',
  hidden: [512],
  latent: 20,
  loss: 'bce',
  beta: 1,
  klWarmupEpochs: 0,
  learningRate: 1e-3,
  batchSize: 128,
  epochs: 10,
  seed: 0,
  backend: 'auto',
  limit: 0,
  binarize: false,
  threads: 0,
};

/** Most training threads a setting may ask for (the engine uses at most one per batch row). */
export const MAX_TRAIN_THREADS = 64;

export interface EpochMetrics {
  epoch: number;
  /** The objective minimised, mean per training image: recon + β·KL with β as warmed up (nats). */
  loss: number;
  /** Mean ELBO per training image: −(recon + kl), whatever β (nats, negative). */
  elbo: number;
  /** Mean −log p(x|z) per training image (nats). */
  recon: number;
  /** Mean KL(q(z|x) ‖ p(z)) per training image (nats). */
  kl: number;
  /** Mean ELBO per test image (nats, negative); null without test images. */
  testElbo: number | null;
  seconds: number;
  /** KL (nats) per latent dimension on the test images at the epoch's end; absent without test images and in older models. */
  klPerDim?: number[];
}

export interface ModelInfo {
  /** Model-store id when saved, else null. */
  id: string | null;
  name: string;
  config: TrainConfig;
  backend: BackendName;
  height: number;
  width: number;
  channels: 1 | 3;
  datasetFingerprint: string;
  /** Name of the dataset the model was trained on (e.g. "MNIST"). */
  datasetName: string;
  history: EpochMetrics[];
  createdAt: string;
  /** Trained on an image folder: how it was loaded (opening the model on a folder loads it the same way). */
  folder?: FolderSettings; /** Trained elsewhere and imported ("ONNX"): it explores like ours but cannot be trained further here. */
  importedFrom?: string;
}

export interface ModelEntry {
  id: string;
  name: string;
  createdAt: string;
  arch: TrainConfig['arch'];
  latent: number;
  epochs: number;
  testElbo: number | null;
  datasetName: string;
  /** Set when the folder is not a usable model: the reason, for a person (the other fields are then best effort). */
  broken?: string;
  /** Set for a model trained elsewhere: where its graphs came from ("ONNX"); it cannot be trained here. */
  importedFrom?: string;
}

export type TrainOutcome = 'completed' | 'stopped';

export interface TrainResult {
  outcome: TrainOutcome;
  model: ModelInfo;
  imagesPerSecond: number;
}

export type TrainState = 'idle' | 'running' | 'paused' | 'stopping';

/**
 * Everything the Train tab shows about the current (or last) run, so a page opened mid-run — or
 * reopened after it — rebuilds the same screen as the page that pressed Train.
 */
export interface TrainSnapshot {
  state: TrainState;
  /** The run's job id (the running one, or the last one); null before any run of this process. */
  jobId: string | null;
  config: TrainConfig | null;
  /** Epochs the run was asked for. */
  epochs: number;
  /** Every step so far, as columns (one entry per step). */
  steps: { globalStep: Float64Array; loss: Float64Array; recon: Float64Array; kl: Float64Array };
  lastStep: TrainStep | null;
  /** Metrics of each finished epoch of the run. */
  history: EpochMetrics[];
  /** The last finished epoch's reconstructions and prior samples. */
  lastEpoch: TrainEpoch | null;
  /** How the run ended; null while it runs. */
  result: { outcome: TrainOutcome | 'cancelled' | 'failed'; imagesPerSecond: number } | null;
}

// ---------------------------------------------------------------------------------------------
// Latent space

export interface LatentCodes {
  /** μ of every image of the dataset, rows = dataset.count, cols = latent. */
  mu: Matrix;
  logvar: Matrix;
  /** Label per image, -1 when unknown. */
  labels: Int32Array;
}

export type ProjectionSpec =
  | { method: 'pca' }
  | { method: 'dims'; dims: [number, number, number] }
  | { method: 'umap'; nNeighbors?: number; seed?: number };

export interface Projection {
  /** rows = dataset.count, cols = 3. */
  points: Matrix;
  /** For PCA: fraction of variance per axis. */
  explained?: [number, number, number];
}

export type LatentBase = { kind: 'origin' } | { kind: 'image'; index: number } | { kind: 'z'; z: Float32Array };

export type InterpolationMode = 'linear' | 'slerp';

export interface WalkGrid {
  /** rows.length × steps images, row-major (row r, step s) at r*steps + s. */
  images: ImageBatch;
  /** Latent dimension of each row, ranked by KL (highest first). */
  dims: number[];
  /** KL (nats) of each row's dimension, same order as dims. */
  kl: number[];
  /** The offsets from the base along the dimension, in units of the prior's σ (= 1), not the posterior's. */
  values: number[];
  /** The base code the walk is around. */
  base: Float32Array;
}

export interface Neighbours {
  indices: number[];
  distances: number[];
}

/** metrics.evaluate: the same numbers as CLI `eval` for the same model and data (engine/metrics.ts). */
export interface Metrics {
  /** Mean ELBO per image over the same K samples as iwNll (nats, negative); −testElbo ≥ iwNll always. */
  testElbo: number;
  /** −testElbo / (D · ln 2), D = height × width × channels (shared/bits-per-dim.ts). */
  bitsPerDim: number;
  /** Importance-weighted negative log-likelihood (positive nats). */
  iwNll: number;
  iwSamples: number;
  /** Closed-form KL per latent dimension, mean over the evaluated images (nats). */
  klPerDim: number[];
  /** Burda et al. 2015: dimensions whose Cov_x(E_q[z_u]) (= muVariance) exceeds 0.01. */
  activeUnits: number;
  /** Mean −log p(x|z) and KL per image (nats): testElbo = −(recon + kl). */
  recon: number;
  kl: number;
  /** Variance of μ_u over the evaluated images, per dimension. */
  muVariance: number[];
  /** Which images: the test split, or all images when the dataset has none. */
  evaluatedOn: 'test' | 'all';
  images: number;
  /** Grey-level pixels, or the one fixed binarisation of a model trained binarised. */
  pixels: 'grey-level' | 'binarised';
  /** What the nats are nats of (shared/likelihood.ts), for display next to them. */
  likelihood: string;
}

// ---------------------------------------------------------------------------------------------
// Exports

export type GifSource =
  | { kind: 'interpolation'; from: number; to: number; mode: InterpolationMode }
  | { kind: 'walk'; dim: number; base: LatentBase; span: number }
  /** Latent arithmetic: frame i decodes base + s_i·direction, s_i evenly from `from` to `to`. */
  | { kind: 'line'; base: Float32Array; direction: Float32Array; from: number; to: number };

export interface GifOptions {
  frames: number;
  fps: number;
  /** Output side in pixels (nearest-neighbour upscaling keeps pixels crisp). */
  size: number;
  pingpong: boolean;
}

/** The ranges of GifOptions: stated by the form where they are typed and checked by the service. */
export const GIF_LIMITS = {
  frames: { min: 2, max: 1000 },
  fps: { min: 0.1, max: 100 },
  size: { min: 8, max: 2048 },
} as const;

export type GridKind = 'walk' | 'manifold' | 'samples' | 'reconstructions' | 'traversal';

/** Most images in one traversal figure (each adds a block of rows × steps cells). */
export const FIGURE_MAX_IMAGES = 8;

export interface GridSpec {
  /** slice (app only, not a CLI grid): the codes `z` decoded, `cols` per row, e.g. a box of the scatter. */
  kind: GridKind | 'slice';
  /** walk / manifold: around this base (default origin). */
  base?: LatentBase;
  /** manifold: the two dims. */
  dims?: [number, number];
  steps?: number;
  span?: number;
  /** samples: count and seed. reconstructions: first `count` images of the test split. */
  count?: number;
  seed?: number;
  /** Pixel scale of each cell. */
  scale?: number;
  /** traversal: the images (dataset indices), one block each, 1..FIGURE_MAX_IMAGES. */
  indices?: number[];
  /** traversal: how many dims (rows), ranked by KL (default: all with KL ≥ 0.01, at least 1). */
  rows?: number;
  /** traversal: 'svg' writes vector labels around embedded pixel blocks; default 'png'. */
  format?: 'png' | 'svg';
  /** walk: the latent dims of the rows, top to bottom (default: every dim, ranked by KL). */
  walkDims?: number[];
  /** slice: the codes to decode, row-major; and how many per row (default: a square). */
  z?: Matrix;
  cols?: number;
}

/** An exported file: written to `path` when one was given, else returned as bytes. */
export interface ExportResult {
  fileName: string;
  mime: string;
  byteLength: number;
  path: string | null;
  bytes: Uint8Array | null;
}

// ---------------------------------------------------------------------------------------------
// Models trained elsewhere (issue 13): an ONNX encoder/decoder pair in PyTorch's conventions,
// imported into the model store; our models (and imported ones, as they are) exported as ONNX.

/** Pixel values the encoder was trained on, as the CLI's --input-range writes them. */
export const ONNX_INPUT_RANGES = ['0,1', '-1,1'] as const;
export const ONNX_DECODER_OUTPUTS = ['logits', 'probs'] as const;
export const ONNX_LIKELIHOODS = ['bce', 'mse'] as const;
export type OnnxInputRange = (typeof ONNX_INPUT_RANGES)[number];

/** What the graphs cannot say and the person states (the CLI's import options). */
export interface OnnxImportOptions {
  /** Default '0,1'. */
  inputRange?: OnnxInputRange;
  /** Default 'logits'. */
  decoderOutput?: (typeof ONNX_DECODER_OUTPUTS)[number];
  /** Default 'bce'. */
  likelihood?: (typeof ONNX_LIKELIHOODS)[number];
  /** Only for an encoder that takes flat rows whose length does not say a square grey or RGB image. */
  shape?: { height: number; width: number; channels: 1 | 3 };
}

/** How a pair of ONNX graphs is read: detected from their shapes, and the options as given. */
export interface OnnxConventions {
  height: number;
  width: number;
  channels: 1 | 3;
  latent: number;
  /** Encoder input [n, C, H, W] (nchw) or [n, C·H·W] (flat). */
  inputLayout: 'nchw' | 'flat';
  /** Two outputs μ, log σ² (mu-logvar), or one [n, 2·latent] read as [μ | log σ²] (split). */
  encoderOutputs: 'mu-logvar' | 'split';
  decoderLayout: 'nchw' | 'flat';
  inputRange: OnnxInputRange;
  decoderOutput: (typeof ONNX_DECODER_OUTPUTS)[number];
  likelihood: (typeof ONNX_LIKELIHOODS)[number];
}

/** Paths of an encoder and a decoder .onnx file (read by the engine; confined or granted per host). */
export interface OnnxPair {
  encoder: string;
  decoder: string;
  options?: OnnxImportOptions;
}

export interface OnnxExport {
  /** encoder.onnx and decoder.onnx: bytes (no dir given) or the paths written. */
  encoder: ExportResult;
  decoder: ExportResult;
  /** The conventions the two files follow (ours; an imported model's are its own). */
  conventions: OnnxConventions;
  /** An imported model is re-exported as the files it came from, unchanged. */
  reexported: boolean;
}

// ---------------------------------------------------------------------------------------------
// Saved views (issue 12): an exploration under a name, stored main-side in the data folder
// (views.json) and exported/imported as the same JSON. Plain JSON values only (no typed arrays).

export const VIEW_NAME_MAX = 80;
export const VIEWS_MAX = 200;

export type ViewWalkBase = { kind: 'a' } | { kind: 'origin' } | { kind: 'z'; z: number[] };

/**
 * The scatter's camera in its normalised space. It orbits (3-D) or pans (2-D) around `target` and looks
 * at it from `position`; zooming dollies the perspective camera, so the zoom is their distance, and its
 * up is always +y (OrbitControls keeps it), so these fields fix the picture exactly.
 */
export interface ViewCamera {
  position: [number, number, number];
  target: [number, number, number];
  /** The 2-D view (pan and zoom only, looking down z). Absent (views of v0.1): 3-D. */
  flat?: boolean;
}

export interface ViewAxes {
  /** PCA projection: the component (0-based) shown on x, y and z. */
  pca: [number, number, number];
  /** 'shared' keeps the axes' proportions; 'per-axis' scales each axis on its own. */
  scaling: 'shared' | 'per-axis';
}

export interface SavedView {
  /** 1..VIEW_NAME_MAX characters; saving under an existing name replaces that view. */
  name: string;
  savedAt: string;
  /** The model-store id (null: an unsaved model, which cannot be reopened) and its name. */
  modelId: string | null;
  modelName: string;
  /** Where the dataset came from, to reopen it; its name for the list. */
  dataset: DatasetSource | null;
  datasetName: string;
  projection: ProjectionSpec;
  /** The PCA component on each axis and how the axes are scaled. Absent (views of v0.1): PC1-3, shared. */
  axes?: ViewAxes;
  /** The scatter's camera (null: none was captured, e.g. the view was saved before cameras were kept). */
  camera: ViewCamera | null;
  a: number;
  b: number;
  c: number;
  /** Selected point indices (empty: none). */
  selection: number[];
  walk: { steps: number; span: number; base: ViewWalkBase };
}

// ---------------------------------------------------------------------------------------------
// Calls: name → [argument, result]

export interface ContractCalls {
  'app.info': [void, AppInfo];
  'fs.list': [{ path?: string }, DirListing];

  'dataset.open': [{ source: DatasetSource; options?: FolderOptions; jobId: string }, DatasetInfo];
  'dataset.info': [void, DatasetInfo | null];
  /** Images by dataset index (thumbnails are these images; the UI scales them). */
  'dataset.images': [{ indices: number[] }, ImageBatch];
  'dataset.labels': [void, Int32Array];
  /** Asked apart from dataset.open (and only by the views that show names), so a load never waits on them. */
  'dataset.fileNames': [void, DatasetFileNames];

  'job.cancel': [{ jobId: string }, void];

  'train.start': [{ config: TrainConfig; jobId: string }, TrainResult];
  'train.pause': [void, void];
  'train.resume': [void, void];
  /** Ends training after the current step, keeping the weights reached so far. */
  'train.stop': [void, void];
  'train.state': [void, TrainState];
  /** The current or last run as the Train tab shows it (see TrainSnapshot). */
  'train.snapshot': [void, TrainSnapshot];

  'model.info': [void, ModelInfo | null];
  'model.save': [{ name: string }, ModelEntry];
  'model.list': [void, ModelEntry[]];
  'model.open': [{ id: string } | { path: string }, ModelInfo];
  'model.delete': [{ id: string }, void];
  /** Reads an ONNX pair's conventions without importing it: what the import dialog shows. */
  'model.inspectOnnx': [OnnxPair, OnnxConventions];
  /** Checks an ONNX pair and copies it into the model store as a new model (a unique name). */
  'model.importOnnx': [OnnxPair & { name: string }, ModelEntry];
  /** The current model as encoder.onnx + decoder.onnx, written into `dir` (new files only) or returned. */
  'model.exportOnnx': [{ dir?: string }, OnnxExport];

  'latent.codes': [{ jobId?: string }, LatentCodes];
  'latent.project': [{ spec: ProjectionSpec; jobId?: string }, Projection];
  'latent.decode': [{ z: Matrix }, ImageBatch];
  /** One image per t in `ts` on the path from image `from` to image `to`. */
  'latent.interpolate': [{ from: number; to: number; ts: number[]; mode: InterpolationMode }, ImageBatch];
  'latent.walk': [{ base: LatentBase; dims?: number[]; steps: number; span: number }, WalkGrid];
  'latent.samples': [{ n: number; seed: number }, ImageBatch];
  'latent.reconstruct': [{ indices: number[] }, { original: ImageBatch; reconstruction: ImageBatch }];
  'latent.manifold': [{ dims: [number, number]; steps: number; span: number; base: LatentBase }, ImageBatch];
  /** The k nearest images to `index`; with `label`, among all the images of that label only. */
  'latent.neighbours': [{ index: number; k: number; label?: number }, Neighbours];
  'latent.klPerDim': [void, number[]];

  'metrics.evaluate': [{ iwSamples: number; jobId: string }, Metrics];

  'export.gif': [{ source: GifSource; options: GifOptions; path?: string; jobId?: string }, ExportResult];
  'export.png': [{ grid: GridSpec; path?: string }, ExportResult];
  /** `indices`: only these images (e.g. the scatter's selection), in this order; all when absent. */
  'export.coords': [{ format: 'csv' | 'json'; path?: string; indices?: number[] }, ExportResult];

  /** Saved views, newest first. */
  'view.list': [void, SavedView[]];
  /** Stores the view (replacing one of the same name); returns the list. */
  'view.save': [{ view: SavedView }, SavedView[]];
  'view.delete': [{ name: string }, SavedView[]];
  /** The saved view as a small JSON file (the same schema `view.save` takes, so it imports back). */
  'view.export': [{ name: string; path?: string }, ExportResult];
}

export type CallName = keyof ContractCalls;
export type CallArg<K extends CallName> = ContractCalls[K][0];
export type CallResult<K extends CallName> = ContractCalls[K][1];

export interface AppInfo {
  version: string;
  host: 'electron' | 'web' | 'in-process';
  backend: BackendReport | null;
  dataDir: string;
  /** The engine process (trains and infers; restarted after a crash). */
  engine: EngineInfo;
  /** Test hooks are on: only in tests, never in a packaged app or a default `serve`. */
  testHooks: boolean;
}

export interface EngineInfo {
  /** OS process id of the running engine; null while none runs. */
  pid: number | null;
  /** Its JavaScript heap limit in MB; null: Node's default. */
  memoryLimitMb: number | null;
  /** Unexpected ends so far (each followed by a restart). */
  crashes: number;
}

// ---------------------------------------------------------------------------------------------
// Events: name → payload (main side → UI)

export interface JobProgress {
  jobId: string;
  phase: string;
  done: number;
  total: number;
  etaSeconds: number | null;
  message?: string;
}

export interface TrainStep {
  jobId: string;
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  /** Global step across epochs. */
  globalStep: number;
  /** The objective minimised: recon + β·KL (β as warmed up), mean per image of the batch (nats). */
  loss: number;
  /** −(recon + kl), unweighted: what the ELBO chart plots (nats, negative). */
  elbo: number;
  recon: number;
  kl: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

/**
 * What train.epoch shows after each epoch: reconstructions of the first test images and prior samples
 * from a fixed seed (so epochs can be compared). The UI draws the same for an opened model.
 */
export const TRAIN_PREVIEW = { reconstructions: 8, samples: 16, sampleSeed: 1234 } as const;

export interface TrainEpoch {
  jobId: string;
  epochs: number;
  metrics: EpochMetrics;
  reconstructions: { original: ImageBatch; reconstruction: ImageBatch };
  samples: ImageBatch;
}

export interface ContractEvents {
  'job.progress': JobProgress;
  'train.step': TrainStep;
  'train.epoch': TrainEpoch;
  'train.state': { state: TrainState; backend?: BackendReport };
  'dataset.changed': DatasetInfo | null;
  'model.changed': ModelInfo | null;
  /** The engine process died and was restarted: what happened and what was kept, in words. */
  'engine.restarted': { message: string };
}

export type EventName = keyof ContractEvents;
export type Unsubscribe = () => void;

/** What the UI holds: every call as a method, plus event subscription. Both transports give this. */
export type LatentApi = {
  call<K extends CallName>(name: K, arg: CallArg<K>): Promise<CallResult<K>>;
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): Unsubscribe;
};

/** Host-specific abilities the UI needs beyond the service: native dialogs or their browser stand-ins. */
export interface HostBridge {
  kind: 'electron' | 'web';
  /** Electron: native folder dialog. Web: null (the UI shows its path field + fs.list). */
  pickFolder?: () => Promise<string | null>;
  pickModelDir?: () => Promise<string | null>;
  /** Electron: native open dialog for one .onnx file (the encoder or the decoder of an import). */
  pickOnnxFile?: (role: 'encoder' | 'decoder') => Promise<string | null>;
  /** Electron: native folder dialog for where an ONNX export writes encoder.onnx and decoder.onnx. */
  pickExportDir?: () => Promise<string | null>;
  /** Electron: native save dialog, returns the chosen path or null when cancelled. */
  pickSavePath?: (suggestedName: string, filters: { name: string; extensions: string[] }[]) => Promise<string | null>;
}

export const CALL_NAMES = [
  'app.info',
  'fs.list',
  'dataset.open',
  'dataset.info',
  'dataset.images',
  'dataset.labels',
  'dataset.fileNames',
  'job.cancel',
  'train.start',
  'train.pause',
  'train.resume',
  'train.stop',
  'train.state',
  'train.snapshot',
  'model.info',
  'model.save',
  'model.list',
  'model.open',
  'model.delete',
  'model.inspectOnnx',
  'model.importOnnx',
  'model.exportOnnx',
  'latent.codes',
  'latent.project',
  'latent.decode',
  'latent.interpolate',
  'latent.walk',
  'latent.samples',
  'latent.reconstruct',
  'latent.manifold',
  'latent.neighbours',
  'latent.klPerDim',
  'metrics.evaluate',
  'export.gif',
  'export.png',
  'export.coords',
  'view.list',
  'view.save',
  'view.delete',
  'view.export',
] as const satisfies readonly CallName[];

export const EVENT_NAMES = [
  'job.progress',
  'train.step',
  'train.epoch',
  'train.state',
  'dataset.changed',
  'model.changed',
  'engine.restarted',
] as const satisfies readonly EventName[];

// Compile-time check that CALL_NAMES lists every call.
type Missing = Exclude<CallName, (typeof CALL_NAMES)[number]>;
const _allCallsListed: Missing extends never ? true : Missing = true;
void _allCallsListed;

// ---------------------------------------------------------------------------------------------
// Electron only: application-menu commands the UI carries out (it owns the flows behind them).

export const MENU_ACTIONS = ['open-folder', 'open-model', 'export-gif'] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

/** window.latent inside Electron (the preload's contextBridge object). */
export type ElectronBridge = LatentApi & {
  host: HostBridge;
  onMenu(listener: (action: MenuAction) => void): Unsubscribe;
};
