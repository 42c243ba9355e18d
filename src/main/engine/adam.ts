// Adam (as PyTorch: bias-corrected, ε outside the square root) over a list of tf.Variables.
// Written out rather than tf.train.adam so the whole update of one variable is a handful of ops in
// one tidy, and so the optimiser state can be dropped with the model.
import * as tf from '@tensorflow/tfjs';

/** PyTorch's Adam defaults; the shared-memory Adam of parallel training uses the same ones. */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

export class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(
    private readonly vars: tf.Variable[],
    private readonly lr: number,
    private readonly beta1: number = ADAM_DEFAULTS.beta1,
    private readonly beta2: number = ADAM_DEFAULTS.beta2,
    private readonly eps: number = ADAM_DEFAULTS.eps,
  ) {
    // tidy disposes the zero tensors (variables are never tidied), keeping only the variables.
    this.m = tf.tidy(() => vars.map((x) => tf.variable(tf.zerosLike(x), false)));
    this.v = tf.tidy(() => vars.map((x) => tf.variable(tf.zerosLike(x), false)));
  }

  /**
   * Computes f's value and gradients and applies one update. f returns [loss, ...extra] tensors;
   * the returned tensor is tf.stack of them (the caller disposes it).
   */
  step(f: () => tf.Scalar, extras: () => tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let side: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const loss = f();
        side = tf.keep(extras());
        return loss;
      }, this.vars);
      this.t++;
      const c1 = 1 - this.beta1 ** this.t;
      const c2 = 1 - this.beta2 ** this.t;
      const stepSize = tf.scalar(-this.lr / c1);
      const b1 = tf.scalar(1 - this.beta1);
      const b2 = tf.scalar(1 - this.beta2);
      const invC2 = tf.scalar(1 / c2);
      const eps = tf.scalar(this.eps);
      this.vars.forEach((x, i) => {
        const g = grads[x.name]!;
        const m = this.m[i]!;
        const v = this.v[i]!;
        const m2 = tf.add(m, tf.mul(tf.sub(g, m), b1));
        const v2 = tf.add(v, tf.mul(tf.sub(tf.square(g), v), b2));
        const denom = tf.add(tf.sqrt(tf.mul(v2, invC2)), eps);
        m.assign(m2);
        v.assign(v2);
        x.assign(tf.add(x, tf.mul(tf.div(m2, denom), stepSize)));
      });
      const s = side as tf.Tensor | null;
      const out = s ? tf.concat([tf.reshape(value, [1]), tf.reshape(s, [-1])]) : tf.reshape(value, [1]);
      s?.dispose();
      return out;
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
