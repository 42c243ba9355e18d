// Test helper run as a child process by store.kill.test.ts: saves two different models over one
// target in an endless loop (so a SIGKILL lands at a random point of a save), printing "saved N"
// after each. Usage: node bin/run-ts.mjs src/main/engine/store-kill-writer.ts TARGET
import { fileURLToPath } from 'node:url';
import { DEFAULT_TRAIN_CONFIG } from '../../shared/contract.js';
import { selectBackend } from './backend.js';
import { createVae } from './index.js';
import { saveModel } from './store.js';

/** The two models the writer alternates between; the test builds the same ones to compare. */
export const KILL_CONFIGS = [1, 2].map((seed) => ({ ...DEFAULT_TRAIN_CONFIG, hidden: [256], latent: 8, seed }));
export const KILL_SHAPE = { height: 28, width: 28, channels: 1 as const };

async function main(target: string): Promise<void> {
  await selectBackend('cpu');
  const models = KILL_CONFIGS.map((c) => createVae(c, KILL_SHAPE));
  for (let i = 0; ; i++) {
    const k = i % 2;
    await saveModel(
      models[k]!,
      {
        name: `model-${k}`,
        backend: 'cpu',
        seed: KILL_CONFIGS[k]!.seed,
        datasetFingerprint: 'fp',
        datasetName: 'none',
        history: [],
        createdAt: new Date().toISOString(),
      },
      target,
      { replace: true },
    );
    process.stdout.write(`saved ${i}\n`);
  }
}

// Only as the entry script (run-ts.mjs puts it in argv[1]); the test imports the configs alone.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) void main(process.argv[2]);
