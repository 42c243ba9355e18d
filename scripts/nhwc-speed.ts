// 4-D pad and crop along height and width vs the same on [n, h, w·c] (src/main/engine/nhwc.ts):
//   npx tsx scripts/nhwc-speed.ts   (medians of 9, ms, tfjs-wasm)
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/main/engine/backend.js';
import { medianMs } from './kernel-time.js';
await selectBackend('wasm');
const time = (f: () => tf.Tensor): number => +medianMs(f, 9, 0).toFixed(2);
for (const [n, h, w, c] of [
  [32, 66, 66, 3],
  [32, 34, 34, 32],
  [32, 18, 18, 32],
  [32, 10, 10, 64],
] as const) {
  const x = tf.randomNormal([n, h, w, c]) as tf.Tensor4D;
  const a = time(() => tf.slice(x, [0, 1, 1, 0], [n, h - 2, w - 2, c]));
  const b = time(() =>
    tf.tidy(() =>
      tf.reshape(tf.slice(tf.reshape(x, [n, h, w * c]), [0, 1, c], [n, h - 2, (w - 2) * c]), [n, h - 2, w - 2, c]),
    ),
  );
  const s4 = tf.slice(x, [0, 1, 1, 0], [n, h - 2, w - 2, c]);
  const s3 = tf.reshape(tf.slice(tf.reshape(x, [n, h, w * c]), [0, 1, c], [n, h - 2, (w - 2) * c]), [
    n,
    h - 2,
    w - 2,
    c,
  ]);
  const eq = tf.max(tf.abs(tf.sub(s4, s3))).dataSync()[0];
  const y = tf.randomNormal([n, h - 2, w - 2, c]) as tf.Tensor4D;
  const p1 = time(() =>
    tf.pad(y, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]),
  );
  const p2 = time(() =>
    tf.tidy(() =>
      tf.reshape(
        tf.pad(tf.reshape(y, [n, h - 2, (w - 2) * c]), [
          [0, 0],
          [1, 1],
          [c, c],
        ]),
        [n, h, w, c],
      ),
    ),
  );
  console.log(JSON.stringify({ shape: [n, h, w, c], slice4d: a, slice3d: b, eq, pad4d: p1, pad3d: p2 }));
}
