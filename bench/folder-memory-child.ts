// Child of bench/folder-memory.ts: node bin/run-ts.mjs bench/folder-memory-child.ts DIR SIDE STEPS.
// Loads DIR as the app does, trains the default conv model over all its images for STEPS steps,
// prints one JSON line with its own peak resident memory.
import { DEFAULT_CONV_HIDDEN, DEFAULT_TRAIN_CONFIG } from '../src/shared/contract.js';
import { data } from '../src/main/data/index.js';
import { engine } from '../src/main/engine/index.js';

const [dir, sideArg, stepsArg] = process.argv.slice(2);
const side = Number(sideArg);
const steps = Number(stepsArg);
await engine.selectBackend('wasm');
const t0 = performance.now();
const ds = await data.loadImageFolder(dir!, { size: side, testFraction: 0 });
const loadSeconds = (performance.now() - t0) / 1000;
const model = engine.createVae(
  { ...DEFAULT_TRAIN_CONFIG, arch: 'conv', hidden: [...DEFAULT_CONV_HIDDEN], latent: 10, batchSize: 64, epochs: 1 },
  { height: ds.info.height, width: ds.info.width, channels: ds.info.channels },
);
let done = 0;
await engine.train(model, ds.images, null, { onStep: () => void done++, shouldStop: () => done >= steps });
model.dispose();
process.stdout.write(
  `${JSON.stringify({
    images: ds.info.count,
    side,
    // getrusage's ru_maxrss: kilobytes on Linux.
    peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
    load_seconds: Math.round(loadSeconds * 10) / 10,
    steps: done,
  })}\n`,
);
