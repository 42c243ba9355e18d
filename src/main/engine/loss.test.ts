import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { bceRows, klRows, mseRows, reparameterize } from './loss.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('ELBO terms', () => {
  it('BCE on logits matches the hand-computed −[x log σ(l) + (1−x) log(1−σ(l))]', () => {
    const l = [2, -1, 0, 30, -30, 0.5];
    const x = [1, 0, 0.5, 0, 1, 0.2];
    // Written with log-sigmoids so ±30 stays exact: log σ(l) = −log(1+e^−l).
    const expected = l.reduce(
      (acc, li, i) => acc + x[i]! * Math.log1p(Math.exp(-li)) + (1 - x[i]!) * Math.log1p(Math.exp(li)),
      0,
    );
    const got = tf.tidy(() => bceRows(tf.tensor2d(l, [1, 6]), tf.tensor2d(x, [1, 6])).dataSync()[0]!);
    expect(got).toBeCloseTo(expected, 3);
  });

  it('BCE gradient is σ(l) − x (the fused custom gradient)', () => {
    const l = tf.tensor2d([0.3, -2, 4], [1, 3]);
    const x = tf.tensor2d([1, 0, 0.25], [1, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(bceRows(t as tf.Tensor2D, x)))(l);
    const expected = [0.3, -2, 4].map((v, i) => 1 / (1 + Math.exp(-v)) - [1, 0, 0.25][i]!);
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    tf.dispose([l, x, g]);
  });

  it('MSE is the Gaussian −log N(x; σ(l), 1) summed over pixels: ½Σ(σ(l) − x)² + D·½log 2π', () => {
    const got = tf.tidy(() => mseRows(tf.tensor2d([0, 0], [1, 2]), tf.tensor2d([1, 0], [1, 2])).dataSync()[0]!);
    expect(got).toBeCloseTo(0.5 * (0.25 + 0.25) + 2 * 0.5 * Math.log(2 * Math.PI), 5);
  });

  it('KL(N(μ,σ²)‖N(0,1)) = −½Σ(1 + log σ² − μ² − σ²)', () => {
    const mu = [0, 1, -2];
    const lv = [0, Math.log(4), -1];
    const expected = mu.reduce((a, m, i) => a - 0.5 * (1 + lv[i]! - m * m - Math.exp(lv[i]!)), 0);
    const got = tf.tidy(() => klRows(tf.tensor2d(mu, [1, 3]), tf.tensor2d(lv, [1, 3])).dataSync()[0]!);
    expect(got).toBeCloseTo(expected, 5);
    // KL is zero exactly at the prior.
    expect(tf.tidy(() => klRows(tf.zeros([1, 4]), tf.zeros([1, 4])).dataSync()[0])).toBe(0);
  });

  it('reparameterised z has mean μ and variance σ²', () => {
    const n = 20000;
    const [mean, variance] = tf.tidy(() => {
      const mu = tf.fill([n, 2], 1.5) as tf.Tensor2D;
      const lv = tf.fill([n, 2], Math.log(0.25)) as tf.Tensor2D;
      const z = reparameterize(mu, lv, tf.randomNormal([n, 2], 0, 1, 'float32', 7));
      const m = tf.moments(z, 0);
      return [m.mean.dataSync(), m.variance.dataSync()];
    });
    for (const v of mean!) expect(v).toBeCloseTo(1.5, 1);
    for (const v of variance!) expect(Math.abs(v - 0.25)).toBeLessThan(0.015);
  });
});
