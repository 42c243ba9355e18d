// The training objective of one batch, or of one shard of it: the β-weighted negative ELBO summed
// over the given rows and divided by the size of the whole batch. Summing shards' gradients of this
// gives exactly the gradient of the batch mean, which is what data-parallel training relies on.
import * as tf from '@tensorflow/tfjs';
import { klRows, reconRows, reparameterize } from './loss.js';
import { decodeT, encodeT, type Vae } from './model.js';

export interface Objective {
  loss: tf.Scalar;
  /** Σ reconstruction / batch size (the shard's part of the batch mean). */
  recon: tf.Scalar;
  /** Σ KL / batch size. */
  kl: tf.Scalar;
}

/** x [rows, d] in [0,1], eps [rows, latent]; batchSize ≥ rows is the divisor of the sums. */
export function batchObjective(m: Vae, x: tf.Tensor2D, eps: tf.Tensor2D, beta: number, batchSize: number): Objective {
  const { mu, logvar } = encodeT(m, x);
  const logits = decodeT(m, reparameterize(mu, logvar, eps));
  const recon = tf.div(tf.sum(reconRows(m.config.loss, logits, x)), batchSize) as tf.Scalar;
  const kl = tf.div(tf.sum(klRows(mu, logvar)), batchSize) as tf.Scalar;
  return { loss: tf.add(recon, tf.mul(kl, beta)), recon, kl };
}
