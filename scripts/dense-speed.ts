// The input gradient of a dense layer on tfjs-wasm, two ways (dense.ts uses the second):
//   npx tsx scripts/dense-speed.ts [--rows 64] [--in 512] [--out 784]
// g·wᵀ packs a new transpose of w for XNNPACK every call; (w·gᵀ)ᵀ packs only gᵀ. Fresh weights per
// call, as in training (each step assigns new weight tensors). Prints ms per call, best of 5 rounds.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/main/engine/backend.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
await selectBackend('wasm');
const rows = opt('rows', 64);
const inp = opt('in', 512);
const out = opt('out', 784);
const rnd = (n: number) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
const wv = rnd(inp * out);
const gv = rnd(rows * out);

function best(f: () => void, reps = 20): number {
  for (let i = 0; i < 3; i++) f();
  let min = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    min = Math.min(min, (performance.now() - t0) / reps);
  }
  return +min.toFixed(2);
}

const call = (grad: (g: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor) => () =>
  tf.tidy(() => {
    grad(tf.tensor2d(gv, [rows, out]), tf.tensor2d(wv, [inp, out])).dataSync();
  });
console.log(
  JSON.stringify({
    rows,
    in: inp,
    out,
    'g·transpose(w) ms': best(call((g, w) => tf.matMul(g, tf.transpose(w)))),
    'transpose(w·transpose(g)) ms': best(call((g, w) => tf.transpose(tf.matMul(w, tf.transpose(g))))),
  }),
);
