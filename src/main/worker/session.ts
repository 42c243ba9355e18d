// The worker's state: the current dataset and model, the running jobs, the backend, and caches
// keyed on (model version, dataset version). Only the worker thread holds tfjs objects.

import { join } from 'node:path';
import {
  ContractError,
  type BackendChoice,
  type BackendReport,
  type ContractEvents,
  type DatasetSource,
  type EventName,
  type FolderOptions,
  type ModelInfo,
} from '../../shared/contract.js';
import type { LoadedDataset } from '../data/api.js';
import { modelInfoFromMeta, type EngineApi, type ModelMeta, type VaeModel } from '../engine/api.js';
import type { RestorableState, WorkerMessage } from './protocol.js';
import type { TrainingJob } from './training-job.js';

export interface CurrentDataset {
  readonly loaded: LoadedDataset;
  readonly spec: { source: DatasetSource; options?: FolderOptions };
  readonly version: number;
}

export interface CurrentModel {
  readonly vae: VaeModel;
  meta: ModelMeta;
  id: string | null;
  /** Where the model can be read back from (checkpoint or model dir); null until written. */
  dir: string | null;
  version: number;
}

export type Post = (message: WorkerMessage, transfer?: ArrayBuffer[]) => void;

export class Session {
  dataset: CurrentDataset | null = null;
  model: CurrentModel | null = null;
  backend: BackendReport | null = null;
  training: TrainingJob | null = null;
  /** Cancel functions of running jobs by jobId. */
  readonly jobs = new Map<string, () => void>();
  private readonly cache = new Map<string, unknown>();
  private nextVersion = 1;

  constructor(
    readonly engine: EngineApi,
    readonly dataDir: string,
    readonly resourcesDir: string,
    private readonly post: Post,
  ) {}

  get checkpointDir(): string {
    return join(this.dataDir, 'checkpoints', 'current');
  }
  get modelsDir(): string {
    return join(this.dataDir, 'models');
  }
  get cacheDir(): string {
    return join(this.dataDir, 'cache');
  }

  emit<E extends EventName>(name: E, payload: ContractEvents[E], transfer: ArrayBuffer[] = []): void {
    this.post({ type: 'event', name, payload } as WorkerMessage, transfer);
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.post({ type: 'log', level, message });
  }

  async ensureBackend(choice: BackendChoice): Promise<BackendReport> {
    if (this.backend && (choice === 'auto' || choice === this.backend.name)) return this.backend;
    this.backend = await this.engine.selectBackend(choice);
    return this.backend;
  }

  setDataset(loaded: LoadedDataset, spec: CurrentDataset['spec']): void {
    this.dataset = { loaded, spec, version: this.nextVersion++ };
    this.cache.clear();
    this.emit('dataset.changed', loaded.info);
    this.postState();
  }

  /** Makes `vae` the current model (disposing a different previous one) and announces it. */
  setModel(vae: VaeModel, meta: ModelMeta, id: string | null, dir: string | null): void {
    if (this.model && this.model.vae !== vae) this.model.vae.dispose();
    this.model = { vae, meta, id, dir, version: this.nextVersion++ };
    this.cache.clear();
    this.emit('model.changed', this.modelInfo());
    this.postState();
  }

  /** Re-announces the current model after its id, dir or metadata changed (same weights). */
  touchModel(): void {
    this.emit('model.changed', this.modelInfo());
    this.postState();
  }

  modelInfo(): ModelInfo | null {
    return this.model ? modelInfoFromMeta(this.model.meta, this.model.id) : null;
  }

  requireDataset(): CurrentDataset {
    if (!this.dataset)
      throw new ContractError('DATASET_NOT_LOADED', 'No dataset is open. Open MNIST or a folder first.');
    return this.dataset;
  }

  requireModel(): CurrentModel {
    if (!this.model)
      throw new ContractError('MODEL_NOT_LOADED', 'No model is loaded. Train a model or open a saved one first.');
    return this.model;
  }

  /** Dataset and model, checked to fit each other (what every latent.* call needs). */
  requireBoth(): { ds: CurrentDataset; m: CurrentModel } {
    const ds = this.requireDataset();
    const m = this.requireModel();
    checkCompatible(m.meta, ds.loaded);
    return { ds, m };
  }

  /** Memoises per (model version, dataset version, key); cleared when either changes. */
  cached<T>(key: string, compute: () => T): T {
    const full = this.cacheKey(key);
    if (this.cache.has(full)) return this.cache.get(full) as T;
    const value = compute();
    this.cache.set(full, value);
    return value;
  }

  /** Async variant; a failed computation is not cached. */
  async cachedAsync<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const full = this.cacheKey(key);
    if (this.cache.has(full)) return this.cache.get(full) as T;
    const value = await compute();
    this.cache.set(full, value);
    return value;
  }

  peekCache<T>(key: string): T | undefined {
    return this.cache.get(this.cacheKey(key)) as T | undefined;
  }

  store(key: string, value: unknown): void {
    this.cache.set(this.cacheKey(key), value);
  }

  private cacheKey(key: string): string {
    return `${this.model?.version ?? 0}:${this.dataset?.version ?? 0}:${key}`;
  }

  restorableState(): RestorableState {
    return {
      dataset: this.dataset ? this.dataset.spec : null,
      modelDir: this.model?.dir ?? null,
      modelId: this.model?.id ?? null,
      epochs: this.model?.dir ? this.model.meta.history.length : 0,
    };
  }

  postState(): void {
    this.post({ type: 'state', state: this.restorableState() });
  }
}

export function checkCompatible(meta: ModelMeta, ds: LoadedDataset): void {
  const { height, width, channels } = ds.info;
  const s = meta.shape;
  if (s.height !== height || s.width !== width || s.channels !== channels) {
    throw new ContractError(
      'MODEL_INCOMPATIBLE',
      `The model "${meta.name}" expects ${s.width}×${s.height} images with ${s.channels} channel(s), but the dataset ` +
        `"${ds.info.name}" has ${width}×${height} with ${channels}. Open a matching dataset or train a new model.`,
    );
  }
}
