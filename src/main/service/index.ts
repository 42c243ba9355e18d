// The service: the contract implemented on the training worker (no Electron).
export { createLatentService, type LatentService, type LatentServiceOptions } from './latent-service.js';
export { listDirectory } from './fs-list.js';
