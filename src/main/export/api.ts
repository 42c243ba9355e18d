// The export layer's public surface, as types; src/main/export/index.ts implements and re-exports it.

import type { ImageBatch, Matrix } from '../../shared/contract.js';
import type { GifFrameSource, GifStreamOptions } from './gif.js';

export interface PngGridOptions {
  /** One label per row, drawn left of it (digits, z, K, L, '.', '-', space). */
  rowLabels?: string[];
}

export interface GifEncodeOptions {
  fps: number;
  /** Output side in pixels; frames are scaled with nearest-neighbour so pixels stay crisp. */
  size: number;
  /** Append the frames in reverse (without repeating the ends) so the loop goes back and forth. */
  pingpong: boolean;
}

export interface ExportApi {
  /** GIF89a, looping forever. Grayscale frames use an exact 256-grey palette. */
  encodeGif(frames: ImageBatch, options: GifEncodeOptions): Uint8Array;
  /** The same GIF, frames rendered a chunk at a time from `src`, with progress and cancellation. */
  encodeGifStream(src: GifFrameSource, options: GifEncodeOptions, stream?: GifStreamOptions): Promise<Uint8Array>;
  /** A PNG of the images laid out in `cols` columns, each scaled by `scale`, with a 1-px gap; row labels optional. */
  encodePngGrid(images: ImageBatch, cols: number, scale: number, options?: PngGridOptions): Promise<Uint8Array>;
  /** One row per image: index,label,file,x,y,z,mu_0..mu_{d-1}, then logvar_0.. when log σ² is given. */
  coordsCsv(rows: CoordRows): string;
  coordsJson(rows: CoordRows): string;
}

export interface CoordRows {
  labels: Int32Array;
  labelNames: string[];
  /** Per image, its path in the loaded folder; null for datasets without files (the column stays empty). */
  fileNames: readonly string[] | null;
  points: Matrix | null;
  mu: Matrix;
  /** log σ² per image, the same shape as mu; its columns follow mu's when present. */
  logvar?: Matrix;
  /** Only these rows, in this order (e.g. a selection); every row when absent. */
  indices?: number[];
}
