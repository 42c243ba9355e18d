// The data layer: datasets in memory as one ImageBatch (train first, then test) plus labels.
import type { DataApi } from './api.js';
import { pickImages, sliceImages } from './batch.js';
import { loadBuiltinMnist } from './builtin-mnist.js';
import { loadIdxDir } from './idx-dir.js';
import { loadImageFolder } from './image-folder.js';

export type { DataApi, LoadContext, LoadedDataset } from './api.js';
export { FASHION_MNIST_LABELS } from './idx-dir.js';
export { parseIdx } from './idx.js';
export { folderOptionsForModel, sameFolderSettings } from './folder-options.js';
export { loadBuiltinMnist, loadIdxDir, loadImageFolder, pickImages, sliceImages };

export const data: DataApi = { loadBuiltinMnist, loadIdxDir, loadImageFolder, sliceImages, pickImages };
