// The negative ELBO, per image: reconstruction summed over pixels + β·KL(q(z|x) ‖ N(0, I)).
import * as tf from '@tensorflow/tfjs';

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

/** ½Σ_pixels (sigmoid(l) − x)² per row (the reference's Gaussian reconstruction term). */
export function mseRows(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.mul(0.5, tf.sum(tf.squaredDifference(tf.sigmoid(logits), x), 1));
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
