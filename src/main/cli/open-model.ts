// Shared by eval, gif and grid: a backend, a saved model and a dataset it fits.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ContractError, type BackendChoice, type BackendReport } from '../../shared/contract.js';
import type { LoadedDataset } from '../data/api.js';
import { folderOptionsForModel } from '../data/index.js';
import type { ModelMeta, VaeModel } from '../engine/api.js';
import { engine } from '../engine/index.js';
import { detectSource, loadSource } from './data-source.js';
import type { Progress } from './progress.js';

export interface Opened {
  backend: BackendReport;
  model: VaeModel;
  meta: ModelMeta;
  dataset: LoadedDataset;
}

export async function openModelAndData(
  args: { model: string; data: string; backend: BackendChoice },
  progress: Progress,
): Promise<Opened> {
  const dir = resolve(args.model);
  if (!existsSync(dir)) throw new ContractError('NOT_FOUND', `no such model directory: ${dir}`);
  const source = detectSource(args.data);
  const backend = await engine.selectBackend(args.backend);
  const { model, meta } = await engine.loadModel(dir);
  try {
    // A folder is loaded the way the model was trained on one (size, fit, colour, background).
    const { height, width, channels } = meta.shape;
    const dataset = await loadSource(source, folderOptionsForModel(meta), (done, total, phase) =>
      progress.update(phase || 'loading', done, total),
    );
    progress.end();
    const { info } = dataset;
    if (info.height !== height || info.width !== width || info.channels !== channels) {
      throw new ContractError(
        'MODEL_INCOMPATIBLE',
        `the model takes ${width}×${height}×${channels} images but ${info.name} has ${info.width}×${info.height}×${info.channels}`,
      );
    }
    return { backend, model, meta, dataset };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
