// Dense layer with a hand-written gradient. In tfjs-wasm the transposed matMuls that stock backprop
// uses (transposeA/transposeB) are 10–20× slower than an explicit transpose followed by a plain
// matMul (ENVIRONMENT.md "Measured speed"), so the gradient transposes first. Bias and ReLU are
// fused into the forward matMul and their gradients computed here too.
//
// The input gradient is computed as (w·gᵀ)ᵀ rather than g·wᵀ: tfjs-wasm's matMul packs its second
// operand for XNNPACK on first use of each tensor (cached by tensor id), so g·wᵀ packs a new
// transpose of the weights every step (in × out values), while w·gᵀ packs only gᵀ (rows × out).
// At 64 rows and 512×784 weights: 2.0 ms instead of 4.2 (scripts/dense-speed.ts).
//
// Constraint: tf.grads tidies the forward pass, so a gradFunc may only use tensors it saved or
// tensors made outside the differentiated function. Activations are saved (a copy on wasm);
// weights and biases must be such outside tensors (the model's variables are), so they are not.
import * as tf from '@tensorflow/tfjs';
import { fusedMatMul, type Act } from './fused.js';

function reluMask(dy: tf.Tensor, y: tf.Tensor | undefined): tf.Tensor2D {
  return (y ? tf.mul(dy, tf.step(y)) : dy) as tf.Tensor2D;
}

/** ∂L/∂x = g·wᵀ for g [n, out], w [in, out], as (w·gᵀ)ᵀ (see the top of this file). */
function inputGrad(g: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.transpose(tf.matMul(w, tf.transpose(g))) as tf.Tensor2D;
}

/** y = act(x·w + b) for x [n, in], w [in, out], b [out]. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, act: Act = 'linear'): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [sx, sw, sb, save] = args as unknown as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = fusedMatMul(sx, sw, sb, act);
    save(act === 'relu' ? [sx, y] : [sx]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [x0, y0] = saved as [tf.Tensor2D, tf.Tensor2D?];
        const g = reluMask(dy, y0);
        return [inputGrad(g, w), tf.matMul(tf.transpose(x0), g), tf.sum(g, 0)];
      },
    };
  });
  return f(x, w, b) as tf.Tensor2D;
}

/**
 * The same for a first layer whose input is data made outside the differentiated function: no
 * gradient for x, which saves the largest matMul of the backward pass (batch × hidden × pixels).
 */
export function denseFromData(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, act: Act = 'linear'): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [sw, sb, save] = args as unknown as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = fusedMatMul(x, sw, sb, act);
    save(act === 'relu' ? [y] : []);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = reluMask(dy, saved[0]);
        return [tf.matMul(tf.transpose(x), g), tf.sum(g, 0)];
      },
    };
  });
  return f(w, b) as tf.Tensor2D;
}
