// Creates the service the host serves when none is given. Imported lazily so that starting the HTTP
// server does not wait on loading the service's module graph more than it must.
import type { LatentApi } from '../../shared/contract.js';

type LatentService = LatentApi & { close(): Promise<void> };

export async function createDefaultService(options: {
  dataDir: string;
  resourcesDir: string;
  testHooks: boolean;
}): Promise<LatentService> {
  const { createLatentService } = await import('../service/index.js');
  return createLatentService({ ...options, host: 'web' });
}
