// Conv-architecture speed on tfjs-wasm: each conv piece timed alone, then whole training steps.
//   npx tsx scripts/conv-speed.ts [--pieces [--batch 128]] [--steps 12] [--limit 1536] [--epochs 1]
// Pieces (batch 128, 4×4 stride-2 'same'): forward conv, input gradient (a transposed conv, also the
// decoder's forward), filter gradient; stock tfjs ops next to ours. Steps: train() on real MNIST
// digits at 28×28×1 and, for 32×32×3, the same digits padded to 32 px with the colour channels
// shifted (pixels are real images; the point is the shape). Prints one JSON line per shape.
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_TRAIN_CONFIG, type ImageBatch, type TrainConfig } from '../src/shared/contract.js';
import { convTranspose2x, filterGrad } from '../src/main/engine/conv.js';
import { engine } from '../src/main/engine/index.js';
import { medianMs } from './kernel-time.js';

const { createVae, selectBackend, train } = engine;
import { mnist } from '../src/main/engine/test-data.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
await selectBackend('wasm');

function median(label: string, f: () => tf.Tensor): number {
  const ms = medianMs(f, 7);
  console.log(`${label.padEnd(44)} ${ms.toFixed(1)} ms`);
  return ms;
}

if (args.includes('--pieces')) {
  const n = Number(opt('batch', '128'));
  // 28 px grey and 32 px RGB (v0.1's layouts), then the β-VAE's four layers at 64 px RGB.
  for (const [h, ci, co] of [
    [28, 1, 32],
    [14, 32, 64],
    [32, 3, 32],
    [16, 32, 64],
    [64, 3, 32],
    [32, 32, 32],
    [16, 32, 64],
    [8, 64, 64],
  ] as const) {
    const x = tf.randomNormal([n, h, h, ci]) as tf.Tensor4D;
    const w = tf.randomNormal([4, 4, ci, co]) as tf.Tensor4D;
    const g = tf.randomNormal([n, h / 2, h / 2, co]) as tf.Tensor4D;
    const tag = `${h}×${h}×${ci}→${co}`;
    median(`${tag} conv forward`, () => tf.conv2d(x, w, 2, 'same'));
    median(`${tag} transposed conv, stock`, () => tf.conv2dTranspose(g, w, x.shape, 2, 'same'));
    median(`${tag} transposed conv, ours`, () => tf.tidy(() => convTranspose2x(g, w)));

    median(`${tag} filter gradient`, () => tf.tidy(() => filterGrad(x, g, 4, 2)));
    tf.dispose([x, w, g]);
  }
}

/** MNIST digits padded to 32 px, channel c shifted by c px: real strokes, three distinct channels. */
function rgb32(src: ImageBatch): ImageBatch {
  const out = new Uint8Array(src.n * 32 * 32 * 3);
  for (let i = 0; i < src.n; i++)
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++)
        for (let c = 0; c < 3; c++)
          out[((i * 32 + y + 2) * 32 + x + 2 + c - 1) * 3 + c] = src.data[(i * 28 + y) * 28 + x]!;
  return { data: out, n: src.n, height: 32, width: 32, channels: 3 };
}

const limit = Number(opt('limit', '1536'));
const digits = mnist('train', limit);
const testDigits = mnist('t10k', 512);
for (const [side, set, testSet] of [
  [28, digits, testDigits],
  [32, rgb32(digits), rgb32(testDigits)],
] as const) {
  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    arch: 'conv',
    hidden: [512],
    latent: 20,
    batchSize: 128,
    epochs: Number(opt('epochs', '1')),
    seed: 0,
  };
  const model = createVae(config, { height: side, width: side, channels: set.channels });
  const stepMs: number[] = [];
  let last = 0;
  const res = await train(model, set, testSet, {
    onStep: (s) => {
      const t = performance.now();
      if (last && s.step > 2) stepMs.push(t - last);
      last = t;
    },
    onEpoch: () => {
      last = 0;
    },
  });
  stepMs.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      shape: `${side}x${side}x${set.channels}`,
      images: set.n,
      ms_per_step_median: +stepMs[Math.floor(stepMs.length / 2)]!.toFixed(1),
      loss_per_epoch: res.history.map((h) => +h.loss.toFixed(2)),
      test_elbo: res.history.map((h) => h.testElbo && +h.testElbo.toFixed(2)),
    }),
  );
  model.dispose();
}
