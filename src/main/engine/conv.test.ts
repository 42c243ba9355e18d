// The phase-decomposed transposed convolution and the conv layers' gradients at the model's real
// shapes (odd 7-px maps included), against the cpu backend's stock kernels; no tensors leak.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { conv2dLayer, convTLayer, convTranspose2x } from './conv.js';
import { gaussian, mulberry32 } from './prng.js';
import { onCpu } from './test-data.js';

const rng = mulberry32(11);
const vals = (shapes: number[][]) =>
  shapes.map((s) =>
    gaussian(
      s.reduce((a, b) => a * b, 1),
      rng,
    ),
  );

interface Plain {
  shape: number[];
  data: number[];
}
/** Runs f in a tidy and copies its tensors out, so results from two backends can be compared. */
function plainOf(f: () => tf.Tensor[]): Plain[] {
  const ts = tf.tidy(f);
  const out = ts.map((t) => ({ shape: t.shape, data: Array.from(t.dataSync()) }));
  tf.dispose(ts);
  return out;
}

function expectClose(a: Plain, b: Plain, tol = 1e-4): void {
  expect(a.shape).toEqual(b.shape);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++)
    worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!) / (1 + Math.abs(b.data[i]!)));
  expect(worst).toBeLessThan(tol);
}

beforeAll(async () => {
  await selectBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('convTranspose2x', () => {
  for (const [x, w] of [
    [
      [3, 7, 7, 6],
      [4, 4, 5, 6],
    ],
    [
      [2, 4, 5, 3],
      [4, 4, 1, 3],
    ],
  ]) {
    it(`equals conv2dTranspose stride 2 same for x ${x!.join('×')}, w ${w!.join('×')}`, async () => {
      const [xv, wv] = vals([x!, w!]);
      const out = [x![0]!, 2 * x![1]!, 2 * x![2]!, w![2]!] as [number, number, number, number];
      const before = tf.memory().numTensors;
      const [ours] = plainOf(() => [convTranspose2x(tf.tensor4d(xv!, x as never), tf.tensor4d(wv!, w as never))]);
      expect(tf.memory().numTensors).toBe(before);
      const [stock] = await onCpu(() =>
        plainOf(() => [tf.conv2dTranspose(tf.tensor4d(xv!, x as never), tf.tensor4d(wv!, w as never), out, 2, 'same')]),
      );
      expectClose(ours!, stock!);
      // A kernel with its taps permuted must not pass: the comparison sees the phase layout.
      const [flipped] = plainOf(() => [
        convTranspose2x(tf.tensor4d(xv!, x as never), tf.reverse(tf.tensor4d(wv!, w as never), [0]) as tf.Tensor4D),
      ]);
      expect(flipped!.data.some((v, i) => Math.abs(v - stock!.data[i]!) > 1e-2)).toBe(true);
      // Bias and ReLU ride on the phase conv: relu(stock + b).
      const [bv] = vals([[w![2]!]]);
      const [fused] = plainOf(() => [
        convTranspose2x(tf.tensor4d(xv!, x as never), tf.tensor4d(wv!, w as never), tf.tensor1d(bv!), 'relu'),
      ]);
      const [stockRelu] = await onCpu(() =>
        plainOf(() => [
          tf.relu(
            tf.add(
              tf.conv2dTranspose(tf.tensor4d(xv!, x as never), tf.tensor4d(wv!, w as never), out, 2, 'same'),
              tf.tensor1d(bv!),
            ),
          ),
        ]),
      );
      expectClose(fused!, stockRelu!);
      expect(stockRelu!.data.filter((v) => v === 0).length).toBeGreaterThan(0);
    });
  }
});

describe('conv layer gradients at the model shapes', () => {
  type Layer = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D) => tf.Tensor4D;
  function grads(layer: Layer, shapes: number[][], v: Float32Array[]): Plain[] {
    return plainOf(() => {
      const [x, w, b, up] = v.map((d, i) => tf.tensor(d, shapes[i]));
      return tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(layer(xx as tf.Tensor4D, ww as tf.Tensor4D, bb as tf.Tensor1D), up!)),
      )([x!, w!, b!]);
    });
  }

  it('conv2d 14→7 (stride 2, same, relu): input, filter and bias gradients', async () => {
    const shapes = [[2, 14, 14, 3], [4, 4, 3, 5], [5], [2, 7, 7, 5]];
    const v = vals(shapes);
    const before = tf.memory().numTensors;
    const ours = grads((x, w, b) => conv2dLayer(x, w, b, 2, 'relu'), shapes, v);
    expect(tf.memory().numTensors).toBe(before);
    const stock = await onCpu(() =>
      grads((x, w, b) => tf.relu(tf.add(tf.conv2d(x, w, 2, 'same'), b)) as tf.Tensor4D, shapes, v),
    );
    ours.forEach((g, i) => expectClose(g, stock[i]!));
  });

  it('conv2dTranspose 7→14 (stride 2, same, relu): input, filter and bias gradients', async () => {
    const shapes = [[2, 7, 7, 5], [4, 4, 3, 5], [3], [2, 14, 14, 3]];
    const v = vals(shapes);
    const before = tf.memory().numTensors;
    const ours = grads((x, w, b) => convTLayer(x, w, b, 2, 'relu'), shapes, v);
    expect(tf.memory().numTensors).toBe(before);
    const stock = await onCpu(() =>
      grads(
        (x, w, b) => tf.relu(tf.add(tf.conv2dTranspose(x, w, [2, 14, 14, 3], 2, 'same'), b)) as tf.Tensor4D,
        shapes,
        v,
      ),
    );
    ours.forEach((g, i) => expectClose(g, stock[i]!));
  });
});
