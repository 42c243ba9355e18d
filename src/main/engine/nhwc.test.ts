// The NHWC data movers against the plain tfjs ops they replace: identical values, both sides of the
// size threshold where swapBatchChannels changes method.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { cropHW, padHW, swapBatchChannels } from './nhwc.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('NHWC helpers on wasm', () => {
  it('swapBatchChannels equals transpose [3, 1, 2, 0], small (one transpose) and past L2 (row by row)', () => {
    for (const shape of [
      [4, 5, 6, 3],
      [16, 34, 34, 32],
      [20, 66, 66, 3],
    ] as [number, number, number, number][]) {
      tf.tidy(() => {
        const x = tf.randomNormal(shape) as tf.Tensor4D;
        const ours = swapBatchChannels(x);
        expect(ours.shape).toEqual([shape[3], shape[1], shape[2], shape[0]]);
        expect(values(ours)).toEqual(values(tf.transpose(x, [3, 1, 2, 0])));
      });
    }
    expect(tf.memory().numTensors).toBe(0);
  });

  it('padHW and cropHW equal tf.pad and tf.slice on height and width', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([3, 7, 5, 4]) as tf.Tensor4D;
      const padded = padHW(x, 1, 2, 3, 0);
      expect(values(padded)).toEqual(
        values(
          tf.pad(x, [
            [0, 0],
            [1, 2],
            [3, 0],
            [0, 0],
          ]),
        ),
      );
      expect(values(cropHW(padded, 1, 3, 7, 5))).toEqual(values(x));
    });
  });
});
