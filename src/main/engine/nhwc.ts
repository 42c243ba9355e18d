// Padding and cropping of NHWC images along height and width only. tfjs-wasm pads and slices 4-D
// tensors an innermost run at a time, so with few channels each run is a handful of floats: merging
// width and channels into one axis makes the runs w·c long and the same copy 1.1–4× faster (a 64-px
// RGB crop 7.3 ms → 1.7 ms at batch 32, scripts/nhwc-speed.ts). The results are identical.
import * as tf from '@tensorflow/tfjs';

/** x [n, h, w, c] padded with zeros: top/bottom rows, left/right columns. */
export function padHW(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  if (!top && !bottom && !left && !right) return x;
  const [n, h, w, c] = x.shape;
  const flat = tf.reshape(x, [n, h, w * c]);
  const padded = tf.pad(flat, [
    [0, 0],
    [top, bottom],
    [left * c, right * c],
  ]);
  return tf.reshape(padded, [n, h + top + bottom, w + left + right, c]);
}

/** x [n, h, w, c] → rows [top, top + height), columns [left, left + width). */
export function cropHW(x: tf.Tensor4D, top: number, left: number, height: number, width: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (top === 0 && left === 0 && height === h && width === w) return x;
  const flat = tf.reshape(x, [n, h, w * c]);
  const cropped = tf.slice(flat, [0, top, left * c], [n, height, width * c]);
  return tf.reshape(cropped, [n, height, width, c]);
}

/** Above this many bytes a tensor no longer fits a core's L2 cache (2 MB here), and an element-wise transpose thrashes it. */
const L2_BYTES = 2 << 20;

/**
 * x [n, h, w, c] → [c, h, w, n] (batch and channels swapped; the filter gradient's layout). tfjs-wasm
 * transposes element by element in output order, reading x with a stride of h·w·c: once x outgrows
 * L2 that costs a cache miss per element, about 7 ms for [32, 34, 34, 32]. Large tensors go row by row
 * instead (rows to the front as whole w·c runs, then one small [n, w, c] → [c, w, n] swap per row,
 * then channels to the front as whole w·n runs): 3–4.5 ms, the same values (scripts/transpose-speed.ts).
 */
export function swapBatchChannels(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (x.size * 4 <= L2_BYTES) return tf.transpose(x, [3, 1, 2, 0]);
  return tf.tidy(() => {
    const rowsFirst = tf.reshape(tf.transpose(tf.reshape(x, [n, h, w * c]), [1, 0, 2]), [h, n, w, c]);
    const perRow = tf.transpose(rowsFirst, [0, 3, 2, 1]); // [h, c, w, n]
    return tf.reshape(tf.transpose(tf.reshape(perRow, [h, c, w * n]), [1, 0, 2]), [c, h, w, n]);
  });
}
