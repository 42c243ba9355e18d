// Engine speed and quality on the built-in MNIST-10k, comparable with ../shared/bench/torch_vae_ref.py:
//   npx tsx scripts/engine-speed.ts [--epochs 5] [--limit 0] [--backend wasm] [--hidden 512] [--latent 20] [--threads 0]
// Prints one JSON line: ms/step (median of timed steps), images/s, test ELBO.
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/shared/contract.js';
import { engine } from '../src/main/engine/index.js';

const { createVae, selectBackend, train } = engine;
import { mnist } from '../src/main/engine/test-data.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const backend = await selectBackend(opt('backend', 'wasm') as TrainConfig['backend']);
if (args.includes('--stream')) (await import('../src/main/engine/train.js')).trainLimits.residentBytes = 0; // uint8 path
const config: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  arch: opt('arch', 'mlp') as TrainConfig['arch'],
  hidden: opt('hidden', '512').split(',').map(Number),
  latent: Number(opt('latent', '20')),
  epochs: Number(opt('epochs', '5')),
  limit: Number(opt('limit', '0')),
  loss: opt('loss', 'bce') as TrainConfig['loss'],
  seed: Number(opt('seed', '0')),
  threads: Number(opt('threads', '0')),
};
const trainSet = mnist('train');
const testSet = mnist('t10k');
const model = createVae(config, { height: 28, width: 28, channels: 1 });
const stepMs: number[] = [];
let last = 0;
const t0 = performance.now();
const res = await train(model, trainSet, testSet, {
  onStep: (s) => {
    const t = performance.now();
    if (last && s.step > 5) stepMs.push(t - last);
    last = t;
  },
  onEpoch: (e) => {
    console.error(JSON.stringify(e.metrics));
    last = 0;
  },
});
const wallS = (performance.now() - t0) / 1000;
stepMs.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    backend: backend.name,
    arch: config.arch,
    threads: res.threads,
    ms_per_step_median: +stepMs[Math.floor(stepMs.length / 2)]!.toFixed(2),
    samples_per_s: +res.imagesPerSecond.toFixed(1),
    wall_s: +wallS.toFixed(2),
    // Whole epochs as a user waits: thread start-up and each epoch's test ELBO included.
    wall_samples_per_s: +((res.history.length * Math.min(trainSet.n, config.limit || trainSet.n)) / wallS).toFixed(1),
    train_loss: res.history.map((h) => +h.loss.toFixed(3)),
    test_elbo: res.history.at(-1)?.testElbo,
  }),
);
model.dispose();
