// The engine's public surface, as types. src/main/engine/index.ts implements and re-exports it; the
// worker (src/main/worker), the CLI and the bench call only this. Nothing here touches Electron.
//
// Rules every implementation keeps:
// - Every function leaves tf.memory().numTensors where it found it (tf.tidy / dispose), except that
//   a VaeModel owns its variables until dispose().
// - Images in/out are ImageBatch (Uint8 0..255, HWC); the engine scales to [0,1] internally.
// - Randomness comes from the given seed.
// - Failures throw ContractError (src/shared/contract.ts) with a code and a sentence for a person.

import type {
  BackendChoice,
  BackendReport,
  EpochMetrics,
  FolderSettings,
  ImageBatch,
  InterpolationMode,
  Matrix,
  ModelInfo,
  TrainConfig,
  TrainOutcome,
} from '../../shared/contract.js';
import type { OnnxSource } from './onnx/conventions.js';

export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** A built VAE: owns its tf.Variables (encoder, μ/logσ² heads, decoder) until dispose(). */
export interface VaeModel {
  readonly config: TrainConfig;
  readonly shape: ImageShape;
  dispose(): void;
}

/** Metadata written next to the weights (meta.json). */
export interface ModelMeta {
  format: 'latent-explorer-vae@1';
  name: string;
  config: TrainConfig;
  shape: ImageShape;
  backend: BackendReport['name'];
  seed: number;
  datasetFingerprint: string;
  datasetName: string;
  history: EpochMetrics[];
  createdAt: string;
  /**
   * The weights manifest inside the folder (default weights.json). meta.json is the one file a
   * replacing save switches atomically, so it names the weight files it belongs to (store.ts).
   */
  manifest?: string;
  /** Trained on an image folder: how it was loaded (absent in models saved before issue 9). */
  folder?: FolderSettings;
  /** Set for a model imported from elsewhere (issue 13): where it came from and how to run it. */
  source?: OnnxSource;
}

export interface StepReport {
  epoch: number; // 1-based
  step: number; // 1-based within the epoch
  stepsPerEpoch: number;
  globalStep: number;
  loss: number; // the objective minimised: mean recon + β·KL per image of this batch (β as warmed up)
  elbo: number; // mean ELBO per image of this batch: −(recon + KL), unweighted
  recon: number;
  kl: number;
  imagesPerSecond: number; // smoothed
  etaSeconds: number;
}

export interface EpochReport {
  metrics: EpochMetrics;
}

/** How a caller steers a running training. All optional; checked between steps. */
export interface TrainControl {
  /** Resolves when training may continue (pause = a promise that resolves on resume). */
  gate?: () => Promise<void> | void;
  /** True → finish after the current step with outcome 'stopped' (weights kept). */
  shouldStop?: () => boolean;
  /** True → throw ContractError('CANCELLED'); the model keeps the weights of the last finished epoch. */
  isCancelled?: () => boolean;
  onStep?: (s: StepReport) => void;
  onEpoch?: (e: EpochReport) => void | Promise<void>;
  /** Milliseconds clock, injectable for tests. Default performance.now. */
  now?: () => number;
}

export interface TrainRunResult {
  outcome: TrainOutcome;
  history: EpochMetrics[];
  imagesPerSecond: number;
  /** Threads that computed the steps (on wasm: data-parallel replicas; 1 on the native backends). */
  threads: number;
}

export type { ModelMetrics } from './metrics.js';
import type { ModelMetrics } from './metrics.js';

export interface ElboResult {
  /** Mean ELBO per image (nats, negative). */
  elbo: number;
  recon: number;
  kl: number;
}

export interface EngineApi {
  /** Picks and initialises a tf backend. 'auto': tensorflow-gpu → tensorflow → wasm → cpu. */
  selectBackend(choice: BackendChoice): Promise<BackendReport>;

  createVae(config: TrainConfig, shape: ImageShape): VaeModel;

  /**
   * Trains in place. A NaN/Inf loss throws ContractError('TRAINING_DIVERGED') after restoring the
   * last good weights. Test ELBO is computed on `test` at each epoch end when given.
   */
  train(
    model: VaeModel,
    trainSet: ImageBatch,
    testSet: ImageBatch | null,
    control?: TrainControl,
  ): Promise<TrainRunResult>;

  /** μ and log σ² of every image, in batches. */
  encode(model: VaeModel, images: ImageBatch, batchSize?: number): { mu: Matrix; logvar: Matrix };
  /** Decoder mean (sigmoid of logits) as images. */
  decode(model: VaeModel, z: Matrix): ImageBatch;
  reconstruct(model: VaeModel, images: ImageBatch): ImageBatch;

  // Pure latent-space arithmetic (no tensors needed).
  interpolate(a: Float32Array, b: Float32Array, ts: number[], mode: InterpolationMode): Matrix;
  /** rows = dims.length*steps: for each dim, base with that coordinate set to base[d] + v, v over −span..+span. */
  walkCodes(base: Float32Array, dims: number[], steps: number, span: number): { z: Matrix; values: number[] };
  /** Seeded N(0, I) samples. */
  sampleCodes(n: number, latent: number, seed: number): Matrix;
  /** steps×steps grid over two dims (row-major, dim0 along columns), offsets −span..+span around base. */
  manifoldCodes(base: Float32Array, dims: [number, number], steps: number, span: number): Matrix;
  /** Mean KL per latent dimension over the given codes (nats). */
  klPerDim(mu: Matrix, logvar: Matrix): number[];
  /** PCA of the rows to 3 components. */
  pca3(x: Matrix): { points: Matrix; explained: [number, number, number] };

  /** Single-sample ELBO of exactly these images (no binarisation), seeded by the model's seed. */
  evaluateElbo(model: VaeModel, images: ImageBatch, batchSize?: number): ElboResult;
  /**
   * Every metric (ELBO, IW-NLL with K samples, KL per dim, active units) on the evaluation split,
   * seeded by the model's seed: the one implementation behind CLI `eval` and metrics.evaluate.
   */
  evaluateModel(
    model: VaeModel,
    images: ImageBatch,
    iwSamples: number,
    onProgress?: (done: number, total: number) => void,
    isCancelled?: () => boolean,
  ): Promise<ModelMetrics>;

  /**
   * Writes weights + meta.json to `dir` so that it holds the old or the new complete model at every
   * instant (store.ts). TARGET_EXISTS when `dir` exists and is not a model folder, or is one and
   * `options.replace` is not set.
   */
  saveModel(
    model: VaeModel,
    meta: Omit<ModelMeta, 'format' | 'config' | 'shape'>,
    dir: string,
    options?: { replace?: boolean },
  ): Promise<void>;
  /** Reads a model directory; ContractError('MODEL_INVALID') when it is not one. */
  loadModel(dir: string): Promise<{ model: VaeModel; meta: ModelMeta }>;
  /** Checks a model directory without reading its weights; MODEL_INVALID with the reason. */
  inspectModel(dir: string): Promise<ModelMeta>;
}

/** What the service reports to the UI about a model. */
export function modelInfoFromMeta(meta: ModelMeta, id: string | null): ModelInfo {
  return {
    id,
    name: meta.name,
    config: meta.config,
    backend: meta.backend,
    height: meta.shape.height,
    width: meta.shape.width,
    channels: meta.shape.channels,
    datasetFingerprint: meta.datasetFingerprint,
    datasetName: meta.datasetName,
    history: withElbo(meta.history),
    createdAt: meta.createdAt,
    ...(meta.folder ? { folder: meta.folder } : {}),
    ...(meta.source ? { importedFrom: 'ONNX' } : {}),
  };
}

/**
 * Histories saved before EpochMetrics carried `elbo` get it filled in: −(recon + kl) is the ELBO
 * whatever β was (the `loss` of those files is the β-weighted objective).
 */
export function withElbo(history: readonly (Omit<EpochMetrics, 'elbo'> & { elbo?: number })[]): EpochMetrics[] {
  return history.map((m) => (typeof m.elbo === 'number' ? (m as EpochMetrics) : { ...m, elbo: -(m.recon + m.kl) }));
}
