// The built-in MNIST-10k: gzipped IDX under resources/mnist (written by scripts/build-mnist-resource.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadContext, LoadedDataset } from './api.js';
import { loadIdxDirAs } from './idx-dir.js';

const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));

/** `resourcesDir` is the app's resources folder (holding mnist/); the mnist folder itself works too. */
export function loadBuiltinMnist(resourcesDir: string, ctx: LoadContext = {}): Promise<LoadedDataset> {
  const nested = join(resourcesDir, 'mnist');
  const dir = existsSync(nested) ? nested : resourcesDir;
  return loadIdxDirAs(dir, ctx, {
    source: { kind: 'builtin', name: 'mnist' },
    name: 'MNIST (built-in)',
    labelNames: DIGITS,
  });
}
