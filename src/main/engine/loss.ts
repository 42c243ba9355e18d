// The negative ELBO, per image: reconstruction −log p(x|z) summed over pixels + β·KL(q(z|x) ‖ N(0, I)).
import * as tf from '@tensorflow/tfjs';
import { GAUSSIAN_SIGMA } from '../../shared/likelihood.js';

export type ReconLoss = 'bce' | 'mse';

/**
 * Σ_pixels BCE(sigmoid(l), x) per row, computed stably on logits as
 * max(l,0) − l·x + log(1 + e^−|l|); its gradient is the fused (sigmoid(l) − x)·dy.
 */
export function bceRows(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  const f = tf.customGrad((...a: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [l, save] = a as unknown as [tf.Tensor2D, tf.GradSaveFunc];
    save([l]);
    const v = tf.sum(tf.add(tf.sub(tf.relu(l), tf.mul(l, x)), tf.log1p(tf.exp(tf.neg(tf.abs(l))))), 1);
    return {
      value: v,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(tf.sub(tf.sigmoid(saved[0]!), x), tf.expandDims(dy, 1))],
    };
  });
  return f(logits) as tf.Tensor1D;
}

/**
 * −log N(x; sigmoid(l), σ²) summed over pixels, per row: Σ (x̂ − x)² / 2σ² + D·log(σ√2π), with the
 * fixed σ = GAUSSIAN_SIGMA. The constant changes no gradient (with σ = 1 the trainable part is the
 * reference's ½Σ(x̂ − x)²) but makes the ELBO a log-likelihood, comparable with the IW-NLL (item 22).
 */
export function mseRows(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  const d = x.shape[1];
  const constant = d * (Math.log(GAUSSIAN_SIGMA) + 0.5 * Math.log(2 * Math.PI));
  return tf.add(
    tf.mul(1 / (2 * GAUSSIAN_SIGMA * GAUSSIAN_SIGMA), tf.sum(tf.squaredDifference(tf.sigmoid(logits), x), 1)),
    constant,
  );
}

export function reconRows(loss: ReconLoss, logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return loss === 'mse' ? mseRows(logits, x) : bceRows(logits, x);
}

/** KL(N(μ, σ²) ‖ N(0, 1)) per dimension: −½(1 + log σ² − μ² − σ²). */
export function klElements(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(0.5, tf.sub(tf.add(tf.exp(logvar), tf.square(mu)), tf.add(1, logvar)));
}

/** Per-row KL summed over latent dimensions. */
export function klRows(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(klElements(mu, logvar), 1);
}

/** z = μ + exp(½ log σ²)·ε. */
export function reparameterize(mu: tf.Tensor2D, logvar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logvar)), eps));
}
