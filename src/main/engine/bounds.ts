// The Monte-Carlo bounds every metric is made of, for K samples z_k ~ q(z|x) per image with
// log w_k = log p(x|z_k) + log p(z_k) − log q(z_k|x): ELBO ≈ mean_k log w_k, −NLL ≈ log mean_k w_k
// (metrics.ts says more). Kept apart from metrics.ts so that a training thread (parallel/replica.ts),
// which computes a shard of the per-epoch test ELBO, loads only this.
import * as tf from '@tensorflow/tfjs';
import { klElements, reconRows, reparameterize } from './loss.js';
import { decodeT, encodeT, type Vae } from './model.js';
import { deriveSeed, gaussian, mulberry32, type Rng } from './prng.js';

/** The ε stream of every ELBO/IW estimate of a model: fixed by its seed, so results repeat. */
export function sampleRng(m: Vae): Rng {
  return mulberry32(deriveSeed(m.config.seed, 0xe1b0));
}

/**
 * The ε of a one-sample ELBO over n images, image-major: every one-sample ELBO of a model (the
 * per-epoch test ELBO, evaluateElbo) uses these, so the same images always get the same estimate.
 * The per-epoch test ELBO draws them once per training run and hands each row's to the thread that
 * computes it.
 */
export function elboNoise(m: Vae, n: number): Float32Array {
  return gaussian(n * m.config.latent, sampleRng(m));
}

/**
 * For the rows of x with k samples each, ε [rows·k, latent] image-major (image i's k samples are
 * consecutive): [Σ log mean_k w, Σ mean_k log w, Σ mean_k log p(x|z)]. With klDims, adds each latent
 * dimension's closed-form KL summed over the rows (from the same encoder pass).
 */
function boundSums(
  m: Vae,
  x: tf.Tensor2D,
  k: number,
  eps: tf.Tensor2D,
  klDims?: Float64Array,
): [number, number, number] {
  return tf.tidy(() => {
    const b = x.shape[0];
    const { mu, logvar } = encodeT(m, x);
    if (klDims) {
      const kd = tf.sum(klElements(mu, logvar), 0).dataSync();
      for (let j = 0; j < klDims.length; j++) klDims[j]! += kd[j]!;
    }
    const rep = (t: tf.Tensor2D) =>
      k === 1 ? t : (tf.reshape(tf.tile(tf.expandDims(t, 1), [1, k, 1]), [b * k, t.shape[1]]) as tf.Tensor2D);
    const lvR = rep(logvar);
    const z = reparameterize(rep(mu), lvR, eps);
    const logPx = tf.neg(reconRows(m.config.loss, decodeT(m, z), rep(x)));
    // log p(z) − log q(z|x) = −½Σ(z² − ε² − log σ²): the 2π constants cancel.
    const logPzMinusLogQz = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.square(z), tf.square(eps)), lvR), 1));
    const w = tf.reshape(tf.add(logPx, logPzMinusLogQz), [b, k]);
    const iw = tf.sum(tf.sub(tf.logSumExp(w, 1), Math.log(k)));
    const elbo = tf.div(tf.sum(w), k);
    const recon = tf.div(tf.sum(logPx), k);
    const v = tf.stack([iw, elbo, recon]).dataSync();
    return [v[0]!, v[1]!, v[2]!];
  });
}

/** Draws ε for b images × k samples from rng and returns boundSums with it. */
export function drawnBoundSums(m: Vae, x: tf.Tensor2D, k: number, rng: Rng): [number, number, number] {
  const b = x.shape[0];
  const l = m.config.latent;
  const eps = tf.tensor2d(gaussian(b * k * l, rng), [b * k, l]);
  try {
    return boundSums(m, x, k, eps);
  } finally {
    eps.dispose();
  }
}

/**
 * Σ ELBO and Σ log p(x|z) over the rows of x, one sample each with the given ε (rows of
 * elboNoise), adding the closed-form KL per dimension into klDims: what every thread of a sharded
 * test ELBO computes on its rows (parallel/replica.ts), and testSumsOf on each of its batches.
 */
export function elboRowSums(
  m: Vae,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
  klDims?: Float64Array,
): { elbo: number; logPx: number } {
  const [, elbo, logPx] = boundSums(m, x, 1, eps, klDims);
  return { elbo, logPx };
}

/** One-sample sums over a set of rows: Σ ELBO, Σ log p(x|z), Σ closed-form KL per latent dimension. */
export interface TestSums {
  elbo: number;
  logPx: number;
  klDims: Float64Array;
}

/**
 * TestSums of the first `count` rows of `rows` (unit floats, row-major) with ε `eps` (elboNoise),
 * on this thread, `chunk` rows per tensor batch.
 */
export function testSumsOf(m: Vae, rows: Float32Array, count: number, eps: Float32Array, chunk = 1000): TestSums {
  const d = m.imageSize;
  const l = m.config.latent;
  const out: TestSums = { elbo: 0, logPx: 0, klDims: new Float64Array(l) };
  for (let s = 0; s < count; s += chunk) {
    const b = Math.min(chunk, count - s);
    const r = tf.tidy(() =>
      elboRowSums(
        m,
        tf.tensor2d(rows.subarray(s * d, (s + b) * d), [b, d]),
        tf.tensor2d(eps.subarray(s * l, (s + b) * l), [b, l]),
        out.klDims,
      ),
    );
    out.elbo += r.elbo;
    out.logPx += r.logPx;
  }
  return out;
}
