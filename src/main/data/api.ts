// The data layer's public surface, as types; src/main/data/index.ts implements and re-exports it.
// Datasets are held in memory as one ImageBatch (train images first, then test) plus labels.

import type { DatasetInfo, FolderOptions, ImageBatch } from '../../shared/contract.js';

export interface LoadedDataset {
  info: DatasetInfo;
  /** Every image: indices 0..trainCount-1 are train, then testCount test images. */
  images: ImageBatch;
  /** Per image, an index into info.labelNames, or -1. */
  labels: Int32Array;
  /**
   * Per image (same order as `images`), its path relative to the loaded folder with '/' separators;
   * null for datasets without files of their own (built-in MNIST, IDX).
   */
  fileNames: string[] | null;
  /** Image folders: true when this load was read from ctx.cacheDir instead of decoding. */
  fromCache?: boolean;
}

export interface LoadContext {
  /** Cancellation: loaders throw ContractError('CANCELLED') soon after it aborts. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Where decoded folders are cached (keyed on path + sizes + mtimes). Omit to not cache. */
  cacheDir?: string;
  /** Use only the first N images (0/undefined = all). */
  limit?: number;
}

export interface DataApi {
  /** The built-in MNIST-10k (resources/mnist as gzipped IDX: 9,000 train + 1,000 test). */
  loadBuiltinMnist(resourcesDir: string, ctx?: LoadContext): Promise<LoadedDataset>;
  /** An IDX directory: train-images-idx3-ubyte[.gz] (+ labels), t10k-* as test. IDX_INVALID on bad files. */
  loadIdxDir(dir: string, ctx?: LoadContext): Promise<LoadedDataset>;
  /** An image folder (recursive, first sub-folder level = label). DATASET_EMPTY when nothing loads. */
  loadImageFolder(dir: string, options: FolderOptions, ctx?: LoadContext): Promise<LoadedDataset>;
  /** A view (no copy) of images [start, end). */
  sliceImages(images: ImageBatch, start: number, end: number): ImageBatch;
  /** Gathers images by index (copy). */
  pickImages(images: ImageBatch, indices: number[]): ImageBatch;
}
