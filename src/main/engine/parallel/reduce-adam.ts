// One replica's share of the update: for parameters [lo, hi), sum the N shard gradients and apply
// Adam (the formulas of adam.ts) to the shared weights and moments. Arithmetic is in double
// precision, stored as float32: rounding every operation to float32 (Math.fround) would match the
// tensor Adam bit for bit but costs 3× the time, and the difference is in the last bit only.
import { ADAM_DEFAULTS } from '../adam.js';
import type { SharedState } from './shared-state.js';

export function reduceAdam(s: SharedState, lo: number, hi: number, t: number, lr: number): void {
  const { grads, w, m, v, params, threads } = s;
  const { beta1, beta2, eps } = ADAM_DEFAULTS;
  const stepSize = -lr / (1 - beta1 ** t);
  const b1 = 1 - beta1;
  const b2 = 1 - beta2;
  const invC2 = 1 / (1 - beta2 ** t);
  for (let i = lo; i < hi; i++) {
    let g = grads[i]!;
    for (let r = 1; r < threads; r++) g += grads[r * params + i]!;
    const mi = m[i]!;
    const vi = v[i]!;
    const m2 = mi + (g - mi) * b1;
    const v2 = vi + (g * g - vi) * b2;
    m[i] = m2;
    v[i] = v2;
    w[i] = w[i]! + (m2 / (Math.sqrt(v2 * invC2) + eps)) * stepSize;
  }
}
