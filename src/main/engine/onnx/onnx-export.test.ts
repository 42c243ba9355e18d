// Issue 13: our models written as ONNX (hand-encoded protobuf) run in onnxruntime exactly as in tfjs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type ImageBatch, type TrainConfig } from '../../../shared/contract.js';
import { engine } from '../index.js';
import { asVae, decodeT } from '../model.js';
import { mnist } from '../test-data.js';
import { exportOnnx } from './export.js';
import { importOnnx } from './folder.js';
import { OnnxGraph } from './runtime.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'le-onnx-export-'));

/** Real digits as RGB 32 px: padded by 2, channels x, 255 − x and x / 2 so they all differ. */
function rgb32(b: ImageBatch): ImageBatch {
  const data = new Uint8Array(b.n * 32 * 32 * 3);
  for (let i = 0; i < b.n; i++)
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const v = b.data[i * 784 + y * 28 + x]!;
        const o = ((i * 32 + y + 2) * 32 + x + 2) * 3;
        data[o] = v;
        data[o + 1] = 255 - v;
        data[o + 2] = v >> 1;
      }
  return { data, n: b.n, height: 32, width: 32, channels: 3 };
}

/** NCHW floats in [0, 1] of our HWC uint8 batch. */
function nchw(b: ImageBatch): Float32Array {
  const { n, height: h, width: w, channels: c } = b;
  const out = new Float32Array(n * c * h * w);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < h * w; p++)
      for (let k = 0; k < c; k++) out[(i * c + k) * h * w + p] = b.data[(i * h * w + p) * c + k]! / 255;
  return out;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const cases: { name: string; config: Partial<TrainConfig>; images: () => ImageBatch; train: boolean }[] = [
  {
    name: 'mlp 784-64-4 (trained)',
    config: { arch: 'mlp', hidden: [64], latent: 4 },
    images: () => mnist('t10k', 5),
    train: true,
  },
  {
    name: 'conv 28 px grey',
    config: { arch: 'conv', hidden: [32], latent: 6 },
    images: () => mnist('t10k', 5),
    train: false,
  },
  {
    name: 'conv 32 px RGB',
    config: { arch: 'conv', hidden: [32], latent: 5 },
    images: () => rgb32(mnist('t10k', 5)),
    train: false,
  },
];

describe('export-onnx', () => {
  beforeAll(async () => {
    await engine.selectBackend('wasm');
  });

  for (const c of cases) {
    it(`${c.name}: onnxruntime gives our μ, log σ² and logits within 1e-4; import gives the same decodes`, async () => {
      const images = c.images();
      const shape = { height: images.height, width: images.width, channels: images.channels };
      const config = { ...DEFAULT_TRAIN_CONFIG, ...c.config, epochs: 1, limit: 500, seed: 3 };
      const model = engine.createVae(config, shape);
      try {
        if (c.train) await engine.train(model, mnist('train', 500), null);
        const dir = tmp();
        await exportOnnx(model, dir);
        const ours = engine.encode(model, images);
        const enc = new OnnxGraph(path.join(dir, 'encoder.onnx'));
        const dec = new OnnxGraph(path.join(dir, 'decoder.onnx'));
        try {
          const [mu, logvar] = enc.run({
            data: nchw(images),
            dims: [images.n, shape.channels, shape.height, shape.width],
          });
          expect(maxDiff(mu!.data, ours.mu.data)).toBeLessThan(1e-4);
          expect(maxDiff(logvar!.data, ours.logvar.data)).toBeLessThan(1e-4);
          const [logits] = dec.run({ data: ours.mu.data, dims: [images.n, config.latent] });
          expect(logits!.dims).toEqual([images.n, shape.channels, shape.height, shape.width]);
          const want = tf.tidy(() => {
            const l = decodeT(asVae(model), tf.tensor2d(ours.mu.data, [images.n, config.latent]));
            const t = tf.transpose(tf.reshape(l, [images.n, shape.height, shape.width, shape.channels]), [0, 3, 1, 2]);
            return t.dataSync();
          });
          expect(maxDiff(logits!.data, want)).toBeLessThan(1e-4);
        } finally {
          enc.dispose();
          dec.dispose();
        }
        // Round trip: our model → export-onnx → import → the same decodes.
        const imported = path.join(tmp(), 'model');
        await importOnnx({
          encoder: path.join(dir, 'encoder.onnx'),
          decoder: path.join(dir, 'decoder.onnx'),
          out: imported,
          inputRange: [0, 1],
          decoderOutput: 'logits',
          likelihood: config.loss,
          shape: null,
        });
        const back = await engine.loadModel(imported);
        try {
          const z = engine.sampleCodes(8, config.latent, 1);
          expect(maxDiff(engine.decode(back.model, z).data, engine.decode(model, z).data)).toBeLessThanOrEqual(1);
          expect(maxDiff(engine.encode(back.model, images).mu.data, ours.mu.data)).toBeLessThan(1e-4);
        } finally {
          back.model.dispose();
        }
      } finally {
        model.dispose();
      }
    });
  }

  it('refuses to overwrite files in the output folder', async () => {
    const model = engine.createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [8], latent: 2 },
      { height: 28, width: 28, channels: 1 },
    );
    try {
      const dir = tmp();
      writeFileSync(path.join(dir, 'encoder.onnx'), 'a file of the user');
      await expect(exportOnnx(model, dir)).rejects.toMatchObject({ code: 'TARGET_EXISTS' });
    } finally {
      model.dispose();
    }
  });
});
