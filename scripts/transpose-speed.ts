// The filter gradient's batch↔channels swap on tfjs-wasm: one transpose [3, 1, 2, 0] against
// nhwc.ts's row-by-row form, at the 64-px β-VAE's shapes (batch 32, one replica's shard), medians.
//   npx tsx scripts/transpose-speed.ts
import * as tf from '@tensorflow/tfjs';
import { engine } from '../src/main/engine/index.js';
import { swapBatchChannels } from '../src/main/engine/nhwc.js';
import { medianMs } from './kernel-time.js';

await engine.selectBackend('wasm');

const time = (f: () => tf.Tensor): number => medianMs(f, 15, 3);

for (const shape of [
  [32, 66, 66, 3],
  [32, 34, 34, 32],
  [32, 18, 18, 32],
  [32, 10, 10, 64],
] as [number, number, number, number][]) {
  const x = tf.randomNormal(shape) as tf.Tensor4D;
  const one = time(() => tf.transpose(x, [3, 1, 2, 0]));
  const ours = time(() => swapBatchChannels(x));
  console.log(
    `[${shape.join(', ')}] ${(x.size * 4) >> 10} KiB: transpose ${one.toFixed(2)} ms, swapBatchChannels ${ours.toFixed(2)} ms`,
  );
  x.dispose();
}
