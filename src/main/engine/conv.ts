// Convolution layers with hand-written gradients. tfjs-wasm has no Conv2DBackpropFilter kernel, so
// the filter gradient is computed as a dilated forward convolution of the (padded) input with the
// output gradient, batch and channels swapped; input gradients use the kernels wasm does have.
// Same constraint as dense.ts: activations are saved, weights are used from outside the tape.
import * as tf from '@tensorflow/tfjs';

type Act = 'linear' | 'relu';

/** ∂L/∂W of y = conv2d(a, W, stride, 'same') given g = ∂L/∂y; W is [k, k, ci, co]. */
export function filterGrad(a: tf.Tensor4D, g: tf.Tensor4D, k: number, stride: number): tf.Tensor4D {
  const info = tf.backend_util.computeConv2DInfo(a.shape, [k, k, a.shape[3], g.shape[3]], stride, 1, 'same');
  const { top, bottom, left, right } = info.padInfo;
  const ap =
    top || bottom || left || right
      ? tf.pad(a, [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ])
      : a;
  const at = tf.transpose(ap, [3, 1, 2, 0]) as tf.Tensor4D; // [ci, Hp, Wp, n]
  const gt = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D; // [oh, ow, n, co]
  let r = tf.conv2d(at, gt, 1, 'valid', 'NHWC', stride); // [ci, ≥k, ≥k, co]
  if (r.shape[1] !== k || r.shape[2] !== k) r = tf.slice(r, [0, 0, 0, 0], [-1, k, k, -1]);
  return tf.transpose(r, [1, 2, 0, 3]);
}

function reluMask(dy: tf.Tensor, y: tf.Tensor | undefined): tf.Tensor4D {
  return (y ? tf.mul(dy, tf.step(y)) : dy) as tf.Tensor4D;
}

type Args = (tf.Tensor | tf.GradSaveFunc)[];

/** y = act(conv2d(x, w, stride, 'same') + b), w [k, k, ci, co]. inputGrad false: x is data. */
export function conv2dLayer(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  b: tf.Tensor1D,
  stride: number,
  act: Act,
  inputGrad = true,
): tf.Tensor4D {
  const k = w.shape[0];
  const f = tf.customGrad((...a: Args) => {
    const [sx, sw, sb, save] = a as unknown as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    const y = tf.fused.conv2d({ x: sx, filter: sw, strides: stride, pad: 'same', bias: sb, activation: act });
    save(act === 'relu' ? [sx, y] : [sx]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const x0 = saved[0] as tf.Tensor4D;
        const g = reluMask(dy, saved[1]);
        const dx = inputGrad ? tf.conv2dTranspose(g, w, x0.shape, stride, 'same') : tf.zerosLike(x0);
        return [dx, filterGrad(x0, g, k, stride), tf.sum(g, [0, 1, 2])];
      },
    };
  });
  return f(x, w, b) as tf.Tensor4D;
}

/** y = act(conv2dTranspose(x, w, stride, 'same') + b), w [k, k, co, ci]; output side = input side × stride. */
export function convTLayer(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, stride: number, act: Act): tf.Tensor4D {
  const k = w.shape[0];
  const f = tf.customGrad((...a: Args) => {
    const [sx, sw, sb, save] = a as unknown as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    const [n, h, wd] = sx.shape;
    const out: [number, number, number, number] = [n, h * stride, wd * stride, sw.shape[2]];
    let y: tf.Tensor4D = tf.add(tf.conv2dTranspose(sx, sw, out, stride, 'same'), sb);
    if (act === 'relu') y = tf.relu(y);
    save(act === 'relu' ? [sx, y] : [sx]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const x0 = saved[0] as tf.Tensor4D;
        const g = reluMask(dy, saved[1]);
        return [tf.conv2d(g, w, stride, 'same'), filterGrad(g, x0, k, stride), tf.sum(g, [0, 1, 2])];
      },
    };
  });
  return f(x, w, b) as tf.Tensor4D;
}
