// Which ONNX runtime the engine runs imported models on (issue 13): onnxruntime-node (native CPU
// provider, the engine's synchronous path in engine/onnx/runtime.ts) against onnxruntime-web's wasm
// build, on the same exported model and inputs, in one run; tfjs-wasm running our own model is the
// reference. onnxruntime-web is not a dependency: install it outside the repository and point at it.
//   mkdir /tmp/ortweb && (cd /tmp/ortweb && npm i onnxruntime-web@1.30.0)
//   npx tsx scripts/onnx-runtime-speed.ts [--arch mlp|conv] [--web-threads 1] [--repeats 5]
//       [--ort-web /tmp/ortweb/node_modules/onnxruntime-web]
// Prints one JSON line: per runtime, encode of the 10,000 MNIST images (batches of 1000, as the engine
// encodes) and decode of a 20 × 11 walk grid (220 codes in one run): median and p95 in ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CONV_FILTERS, DEFAULT_CONV_HIDDEN, DEFAULT_TRAIN_CONFIG } from '../src/shared/contract.js';
import { engine } from '../src/main/engine/index.js';
import { exportOnnxBytes } from '../src/main/engine/onnx/export.js';
import { OnnxGraph } from '../src/main/engine/onnx/runtime.js';
import { mnist } from '../src/main/engine/test-data.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const arch = opt('arch', 'mlp') as 'mlp' | 'conv';
const repeats = Number(opt('repeats', '5'));
const ortWebDir = opt('ort-web', '/tmp/ortweb/node_modules/onnxruntime-web');
// onnxruntime-web reads numThreads once, when its wasm module starts: one setting per process.
const webThreads = Number(opt('web-threads', '1'));
const BATCH = 1000;
const WALK = { rows: 20, steps: 11 };

await engine.selectBackend('wasm');
const config = {
  ...DEFAULT_TRAIN_CONFIG,
  arch,
  ...(arch === 'conv' ? { hidden: [...DEFAULT_CONV_HIDDEN], filters: [...DEFAULT_CONV_FILTERS] } : {}),
};
const shape = { height: 28, width: 28, channels: 1 as const };
// Speed does not depend on the weights' values: a freshly initialised model of the app's default size.
const model = engine.createVae(config, shape);
const files = exportOnnxBytes(model);
const dir = mkdtempSync(path.join(os.tmpdir(), 'le-ort-speed-'));
const encFile = path.join(dir, 'encoder.onnx');
const decFile = path.join(dir, 'decoder.onnx');
writeFileSync(encFile, files.encoder);
writeFileSync(decFile, files.decoder);

// The built-in MNIST-10k: 9,000 train + 1,000 test digits, as the scatter encodes them.
const train = mnist('train');
const test = mnist('t10k');
const all = { ...train, n: train.n + test.n, data: new Uint8Array((train.n + test.n) * 784) };
all.data.set(train.data);
all.data.set(test.data, train.data.length);
// The encoder's input, NCHW floats in [0, 1] (grey: the same order as our HWC rows).
const x = Float32Array.from(all.data, (v) => v / 255);
const z = new Float32Array(WALK.rows * WALK.steps * config.latent).map((_, i) => Math.sin(i));

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: Number(at(0.5).toFixed(2)), p95: Number(at(0.95).toFixed(2)) };
}

async function time(run: () => unknown): Promise<{ median: number; p95: number }> {
  await run(); // warm-up: session initialisation and first-run allocations are not the steady state
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  return stats(ms);
}

const encDims = (n: number) => [n, 1, 28, 28];
const results: Record<string, unknown> = {};

// onnxruntime-node through the engine's own synchronous binding.
{
  const enc = new OnnxGraph(encFile);
  const dec = new OnnxGraph(decFile);
  results['onnxruntime-node'] = {
    encode10k: await time(() => {
      for (let s = 0; s < all.n; s += BATCH)
        enc.run({ data: x.subarray(s * 784, (s + BATCH) * 784), dims: encDims(BATCH) });
    }),
    walk20x11: await time(() => dec.run({ data: z, dims: [WALK.rows * WALK.steps, config.latent] })),
  };
  enc.dispose();
  dec.dispose();
}

// onnxruntime-web (wasm), with --web-threads threads.
try {
  const req = createRequire(path.join(ortWebDir, 'package.json'));
  const ort = req(ortWebDir) as typeof import('onnxruntime-common') & {
    env: { wasm: { numThreads: number } };
    version?: string;
  };
  ort.env.wasm.numThreads = webThreads;
  const opts = { executionProviders: ['wasm'] };
  const enc = await ort.InferenceSession.create(files.encoder, opts);
  const dec = await ort.InferenceSession.create(files.decoder, opts);
  results[`onnxruntime-web wasm, ${webThreads} thread${webThreads > 1 ? 's' : ''}`] = {
    encode10k: await time(async () => {
      for (let s = 0; s < all.n; s += BATCH)
        await enc.run({ x: new ort.Tensor('float32', x.slice(s * 784, (s + BATCH) * 784), encDims(BATCH)) });
    }),
    walk20x11: await time(() => dec.run({ z: new ort.Tensor('float32', z, [WALK.rows * WALK.steps, config.latent]) })),
  };
  await enc.release();
  await dec.release();
} catch (e) {
  results['onnxruntime-web'] = `not measured: ${(e as Error).message.split('\n')[0]} (install it as the header says)`;
}

// Reference: tfjs-wasm running our own model (engine.encode / engine.decode), the same sizes.
results['tfjs-wasm (ours, reference)'] = {
  encode10k: await time(() => engine.encode(model, all, BATCH)),
  walk20x11: await time(() => engine.decode(model, { data: z, rows: WALK.rows * WALK.steps, cols: config.latent })),
};

model.dispose();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    model:
      arch === 'mlp'
        ? `MLP 784-${config.hidden.join('-')}-${config.latent}`
        : `conv ${config.filters} dense ${config.hidden}`,
    cpu: os.cpus()[0]?.model,
    cores: os.availableParallelism(),
    repeats,
    ms: results,
  }),
);
