// The contract suite over the in-process service (the real worker thread, real MNIST).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineContractSuite } from './contract-suite.js';
import { createLatentService } from './latent-service.js';

const resourcesDir = resolve(import.meta.dirname, '../../../resources');

defineContractSuite('in-process service', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'latent-service-'));
  const service = await createLatentService({ dataDir, resourcesDir, host: 'in-process' });
  return {
    api: service,
    close: async () => {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
