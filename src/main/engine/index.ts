// The engine: implements EngineApi (api.ts). No Electron here; the worker, service, CLI and bench use it.
import type { TrainConfig } from '../../shared/contract.js';
import type { EngineApi, ImageShape, VaeModel } from './api.js';
import { selectBackend } from './backend.js';
import { decode, encode, reconstruct } from './inference.js';
import { evaluateElbo, evaluateModel } from './metrics.js';
import { interpolate, klPerDim, manifoldCodes, sampleCodes, walkCodes } from './latent-math.js';
import { Vae } from './model.js';
import { pca3 } from './pca.js';
import { inspectModel, loadModel, saveModel } from './store.js';
import { train } from './train.js';

export function createVae(config: TrainConfig, shape: ImageShape): VaeModel {
  return new Vae(config, shape);
}

export { currentBackend } from './backend.js';
export { modelInfoFromMeta } from './api.js';
export type * from './api.js';

export const engine: EngineApi = {
  selectBackend,
  createVae,
  train,
  encode,
  decode,
  reconstruct,
  interpolate,
  walkCodes,
  sampleCodes,
  manifoldCodes,
  klPerDim,
  pca3,
  evaluateElbo,
  evaluateModel,
  saveModel,
  loadModel,
  inspectModel,
};
