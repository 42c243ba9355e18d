// Convolution layers with hand-written gradients. tfjs-wasm has no Conv2DBackpropFilter kernel, so
// the filter gradient is computed as a dilated forward convolution of the (padded) input with the
// output gradient, batch and channels swapped; input gradients use the kernels wasm does have.
// Same constraint as dense.ts: activations are saved, weights are used from outside the tape.
//
// Transposed convolutions (the encoder's input gradients and the decoder's forward pass) do not use
// tfjs's Conv2DBackpropInput: on wasm it is a plain loop, 4–9× slower than a forward convolution of
// the same size (scripts/conv-speed.ts). For the 4×4 stride-2 'same' case the model uses, each of the
// four output phases (row parity × column parity) is a 2×2 convolution of the input, so all of them
// come out of one stride-1 2×2 'valid' conv of the input padded by 1, with 4·ci output channels; a
// reshape–transpose–reshape interleaves the phases and one slice drops the border: identical sums,
// fast kernels. (A 3×3 'same' conv with unused taps zero, the previous form, does 9/4 of the work:
// at 64 px batch 64 the 2×2 form is 25–30% faster on the inner layers, slower only for 3 output
// channels, measured in one process against it.)
import * as tf from '@tensorflow/tfjs';
import { fusedConv2d, type Act } from './fused.js';
import { cropHW, padHW, swapBatchChannels } from './nhwc.js';

/** ∂L/∂W of y = conv2d(a, W, stride, 'same') given g = ∂L/∂y; W is [k, k, ci, co]. */
export function filterGrad(a: tf.Tensor4D, g: tf.Tensor4D, k: number, stride: number): tf.Tensor4D {
  const info = tf.backend_util.computeConv2DInfo(a.shape, [k, k, a.shape[3], g.shape[3]], stride, 1, 'same');
  const { top, bottom, left, right } = info.padInfo;
  const ap = padHW(a, top, bottom, left, right);
  const at = swapBatchChannels(ap); // [ci, Hp, Wp, n]
  const gt = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D; // [oh, ow, n, co]
  let r = tf.conv2d(at, gt, 1, 'valid', 'NHWC', stride); // [ci, ≥k, ≥k, co]
  if (r.shape[1] !== k || r.shape[2] !== k) r = tf.slice(r, [0, 0, 0, 0], [-1, k, k, -1]);
  return tf.transpose(r, [1, 2, 0, 3]);
}

/**
 * TAP[parity][a]: the kernel row (or column) of W that tap a of the 2×2 phase kernel applies, for an
 * output of that parity. Phase 0 at output y reads inputs y−1, y (W rows 3, 1); phase 1 reads y, y+1
 * (W rows 2, 0). On the input padded by 1, a 2×2 'valid' conv gives phase 0 at row y and phase 1 at
 * row y+1: interleaving the phases in reverse order (1, 0) makes the result one grid shifted by one.
 */
const TAP = [
  [3, 1],
  [2, 0],
];

/** S [(a, b, qy, qx) = 16, (ty, tx) = 16], 0/1: which tap of W lands in each slot of the 2×2 phase kernel; q = 1 − parity. */
function phaseSelection(): tf.Tensor2D {
  const s = new Float32Array(16 * 16);
  for (let a = 0; a < 2; a++)
    for (let b = 0; b < 2; b++)
      for (let qy = 0; qy < 2; qy++)
        for (let qx = 0; qx < 2; qx++) {
          const ty = TAP[1 - qy]![a]!;
          const tx = TAP[1 - qx]![b]!;
          s[((a * 2 + b) * 4 + qy * 2 + qx) * 16 + ty * 4 + tx] = 1;
        }
  return tf.tensor2d(s, [16, 16]);
}

/** W [4, 4, ci, co] → K [2, 2, co, 4·ci] with K[a, b, o, (qy, qx, i)] = W[TAP[1−qy][a], TAP[1−qx][b], i, o]. */
function phaseKernel(w: tf.Tensor4D): tf.Tensor4D {
  const [, , ci, co] = w.shape;
  return tf.tidy(() => {
    const k = tf.matMul(phaseSelection(), tf.reshape(w, [16, ci * co])); // [(a, b, q), (i, o)]
    return tf.reshape(tf.transpose(tf.reshape(k, [4, 4, ci, co]), [0, 3, 1, 2]), [2, 2, co, 4 * ci]);
  });
}

/**
 * act(conv2dTranspose(x, w, [n, 2h, 2w, ci], 2, 'same') + b) for x [n, h, w, co], w [k, k, ci, co];
 * the phase decomposition when k = 4 (except on the native backends), tfjs's kernel otherwise.
 * Bias and ReLU ride on the phase conv (the bias repeated once per phase): per-pixel ops commute
 * with the interleave and the crop, and a separate add and relu over the output cost 2–3 ms a step
 * at 64 px (scripts/step-profile.ts).
 */
export function convTranspose2x(x: tf.Tensor4D, w: tf.Tensor4D, b?: tf.Tensor1D, act: Act = 'linear'): tf.Tensor4D {
  const [n, h, wd] = x.shape;
  const ci = w.shape[2];
  // libtensorflow (the native backends) has a real kernel for this; the decomposition is for wasm/cpu.
  if (w.shape[0] !== 4 || w.shape[1] !== 4 || tf.getBackend() === 'tensorflow')
    return tf.tidy(() => {
      const t = tf.conv2dTranspose(x, w, [n, 2 * h, 2 * wd, ci], 2, 'same');
      const y: tf.Tensor4D = b ? tf.add(t, b) : t;
      return act === 'relu' ? tf.relu(y) : y;
    });
  return tf.tidy(() => {
    const xp = padHW(x, 1, 1, 1, 1);
    const bias = b ? tf.tile(b, [4]) : undefined;
    const y = fusedConv2d(xp, phaseKernel(w), 1, 'valid', bias, act); // [n, h+1, w+1, (qy, qx, i)]
    const rows = tf.transpose(tf.reshape(y, [n * (h + 1), wd + 1, 2, 2 * ci]), [0, 2, 1, 3]); // [(n, h+1), qy, w+1, (qx, i)]
    const grid = tf.reshape(rows, [n, 2 * h + 2, 2 * wd + 2, ci]) as tf.Tensor4D;
    return cropHW(grid, 1, 1, 2 * h, 2 * wd);
  });
}

function reluMask(dy: tf.Tensor, y: tf.Tensor | undefined): tf.Tensor4D {
  return (y ? tf.mul(dy, tf.step(y)) : dy) as tf.Tensor4D;
}

/**
 * ∂L/∂b = Σ g over batch and pixels: an average pool over each image's whole side (×h·w), then
 * ones[1, n] · the n pooled rows. tfjs-wasm sums over leading axes by transposing first, and a
 * product ones[1, n·h·w] · g repacks all of g as its second operand: at batch 32 the pool is 5–10×
 * faster than that product (64×64×3 output 0.17 ms vs 1.66; 32×32×32 0.34 vs 3.15). The pooled mean
 * is rounded once more than a direct sum: relative differences ~1e-4 of the gradient.
 */
function biasGrad(g: tf.Tensor4D): tf.Tensor1D {
  const [n, h, w, c] = g.shape;
  const pooled = tf.reshape(tf.avgPool(g, [h, w], [h, w], 'valid'), [n, c]);
  return tf.reshape(tf.matMul(tf.ones([1, n]), tf.mul(pooled, h * w)), [c]);
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
    const y = fusedConv2d(sx, sw, stride, 'same', sb, act);
    save(act === 'relu' ? [sx, y] : [sx]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const x0 = saved[0] as tf.Tensor4D;
        const g = reluMask(dy, saved[1]);
        const [, hx, wx] = x0.shape;
        const half = stride === 2 && hx === 2 * g.shape[1] && wx === 2 * g.shape[2];
        const dx = !inputGrad
          ? tf.zerosLike(x0)
          : half
            ? convTranspose2x(g, w)
            : tf.conv2dTranspose(g, w, x0.shape, stride, 'same');
        return [dx, filterGrad(x0, g, k, stride), biasGrad(g)];
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
    let y: tf.Tensor4D;
    if (stride === 2) y = convTranspose2x(sx, sw, sb, act);
    else {
      y = tf.add(tf.conv2dTranspose(sx, sw, out, stride, 'same'), sb);
      if (act === 'relu') y = tf.relu(y);
    }
    save(act === 'relu' ? [sx, y] : [sx]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const x0 = saved[0] as tf.Tensor4D;
        const g = reluMask(dy, saved[1]);
        return [tf.conv2d(g, w, stride, 'same'), filterGrad(g, x0, k, stride), biasGrad(g)];
      },
    };
  });
  return f(x, w, b) as tf.Tensor4D;
}
