// The hand-written gradients (dense, conv, transposed conv) against tfjs's stock gradients.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { conv2dLayer, convTLayer } from './conv.js';
import { dense, denseFromData } from './dense.js';
import { gaussian, mulberry32 } from './prng.js';
import { onCpu } from './test-data.js';

const rng = mulberry32(3);
const randn = (shape: number[]) =>
  tf.tensor(
    gaussian(
      shape.reduce((a, b) => a * b, 1),
      rng,
    ),
    shape,
  );

function expectClose(a: tf.Tensor, b: tf.Tensor, tol = 1e-3): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / (1 + Math.abs(y[i]!)));
  expect(worst).toBeLessThan(tol);
}

beforeAll(async () => {
  await selectBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('custom dense gradient', () => {
  for (const act of ['linear', 'relu'] as const) {
    it(`equals the stock gradient (${act})`, () => {
      const x = randn([16, 30]) as tf.Tensor2D;
      const w = randn([30, 12]) as tf.Tensor2D;
      const b = randn([12]) as tf.Tensor1D;
      const up = randn([16, 12]);
      const ours = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, act), up)),
      )([x, w, b]);
      const stock = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
        const y = tf.add(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D), bb);
        return tf.sum(tf.mul(act === 'relu' ? tf.relu(y) : y, up));
      })([x, w, b]);
      ours.forEach((g, i) => expectClose(g, stock[i]!));
      const fromData = tf.grads((ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(denseFromData(x, ww as tf.Tensor2D, bb as tf.Tensor1D, act), up)),
      )([w, b]);
      expectClose(fromData[0]!, stock[1]!);
      expectClose(fromData[1]!, stock[2]!);
      tf.dispose([x, w, b, up, ...ours, ...stock, ...fromData]);
    });
  }
});

type Layer = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D) => tf.Tensor;

/**
 * Gradients of sum(layer(x, w, b) · up) w.r.t. x, w, b: ours on wasm against tfjs's stock ops on cpu
 * (wasm has no Conv2DBackpropFilter kernel). shapes = [x, w, b, up].
 */
async function expectGradsMatchStock(shapes: number[][], ours: Layer, stock: Layer): Promise<void> {
  const vals = shapes.map((s) =>
    gaussian(
      s.reduce((a, b) => a * b, 1),
      rng,
    ),
  );
  const run = (layer: Layer) =>
    tf.tidy(() => {
      const [x, w, b, up] = vals.map((v, i) => tf.tensor(v, shapes[i]));
      const gs = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(layer(xx as tf.Tensor4D, ww as tf.Tensor4D, bb as tf.Tensor1D), up!)),
      )([x!, w!, b!]);
      return gs.map((g) => ({ shape: g.shape, data: Array.from(g.dataSync()) }));
    });
  const mine = run(ours);
  const theirs = await onCpu(() => run(stock));
  mine.forEach((g, i) => expectClose(tf.tensor(g.data, g.shape), tf.tensor(theirs[i]!.data, theirs[i]!.shape)));
}

describe('custom conv gradients', () => {
  it('conv2d (stride 2, same, relu) matches the stock gradient', async () => {
    await expectGradsMatchStock(
      [[3, 8, 8, 2], [4, 4, 2, 5], [5], [3, 4, 4, 5]],
      (x, w, b) => conv2dLayer(x, w, b, 2, 'relu'),
      (x, w, b) => tf.relu(tf.add(tf.conv2d(x, w, 2, 'same'), b)),
    );
  });

  it('conv2dTranspose (stride 2, same) matches the stock gradient', async () => {
    await expectGradsMatchStock(
      [[2, 4, 4, 6], [4, 4, 3, 6], [3], [2, 8, 8, 3]],
      (x, w, b) => convTLayer(x, w, b, 2, 'linear'),
      (x, w, b) => tf.add(tf.conv2dTranspose(x, w, [2, 8, 8, 3], 2, 'same'), b),
    );
  });
});
