// The export layer: GIFs, PNG grids, coordinates. Pure functions of images and latent codes.
import type { ExportApi } from './api.js';
import { coordsCsv, coordsJson } from './coords.js';
import { encodeGif } from './gif.js';
import { encodePngGrid } from './png-grid.js';

export type { CoordRows, ExportApi, GifEncodeOptions } from './api.js';
export { frameOrder } from './gif.js';
export { coordsCsv, coordsJson, encodeGif, encodePngGrid };

export const exporter: ExportApi = { encodeGif, encodePngGrid, coordsCsv, coordsJson };
