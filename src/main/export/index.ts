// The export layer: GIFs, PNG grids, coordinates. Pure functions of images and latent codes.
import type { ExportApi } from './api.js';
import { coordsCsv, coordsJson } from './coords.js';
import { encodeGif, encodeGifStream } from './gif.js';
import { encodePngGrid } from './png-grid.js';

export type { CoordRows, ExportApi, GifEncodeOptions } from './api.js';
export { batchSource, frameOrder, type GifFrameSource, type GifStreamOptions } from './gif.js';
export { coordsCsv, coordsJson, encodeGif, encodeGifStream, encodePngGrid };

export const exporter: ExportApi = { encodeGif, encodeGifStream, encodePngGrid, coordsCsv, coordsJson };
