// What the coordinator hands each helper thread at start (workerData: structured-cloned, the
// SharedArrayBuffers shared, not copied).
import type { TrainConfig } from '../../../shared/contract.js';
import type { ImageShape } from '../api.js';
import type { Dims, SharedBuffers } from './shared-state.js';

export interface ReplicaInit {
  rank: number;
  config: TrainConfig;
  shape: ImageShape;
  dims: Dims;
  buffers: SharedBuffers;
}
