// Fused kernels (a conv or matMul, its bias and its ReLU in one pass) for layers with hand-written
// gradients. tf.fused.conv2d and tf.fused.matMul split into three kernels (op, add, relu) whenever a
// gradient is being recorded (tfjs-core's shouldFuse), because their own gradients cannot see
// through a fused ReLU. conv.ts and dense.ts run their forward passes inside tf.customGrad, where
// no inner op is taped and their gradFuncs do the backward pass, so the single kernel is safe
// there: one pass over each output instead of three (2–4 ms of a 64-px conv step,
// scripts/step-profile.ts). Call these only where no gradient is taped through them.
import * as tf from '@tensorflow/tfjs';

export type Act = 'linear' | 'relu';

/** act(conv2d(x, filter, strides, pad) + bias), NHWC, as one kernel. */
export function fusedConv2d(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number,
  pad: 'same' | 'valid',
  bias: tf.Tensor1D | undefined,
  act: Act,
): tf.Tensor4D {
  const inputs: tf.NamedTensorMap = bias ? { x, filter, bias } : { x, filter };
  const attrs = { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], activation: act };
  return tf.engine().runKernel(tf.FusedConv2D, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** act(a·b + bias) as one kernel (which takes batches of matrices: a batch of one here). */
export function fusedMatMul(a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D, act: Act): tf.Tensor2D {
  const attrs = { transposeA: false, transposeB: false, activation: act };
  return tf.tidy(() => {
    const inputs = { a: tf.expandDims(a, 0), b: tf.expandDims(b, 0), bias };
    const y = tf.engine().runKernel(tf._FusedMatMul, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor3D;
    return tf.reshape(y, [a.shape[0], b.shape[1]]);
  });
}
