// Issue 13: a VAE trained and exported by PyTorch, imported and explored as one of ours.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as omggifNs from 'omggif';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContractError, type ImageBatch } from '../../../shared/contract.js';
import { exporter } from '../../export/index.js';
import { engine } from '../index.js';
import { mnist } from '../test-data.js';
import { importOnnx } from './folder.js';
import { torchMissing, trainWithTorch, type TorchReport } from './torch-fixture.js';
import { skipTitle } from '../../test-skip.js';

const { GifReader } = (
  (omggifNs as unknown as { GifReader?: unknown }).GifReader
    ? omggifNs
    : (omggifNs as unknown as { default: typeof omggifNs }).default
) as typeof omggifNs;

const missing = torchMissing();

const tmp = () => mkdtempSync(path.join(tmpdir(), 'le-onnx-'));

describe.skipIf(missing !== null)(skipTitle('a PyTorch VAE imported from ONNX', missing), () => {
  let report: TorchReport;
  let dir: string;
  const test = mnist('t10k');

  beforeAll(async () => {
    await engine.selectBackend('wasm');
    report = trainWithTorch(['--hidden', '64', '--latent', '4', '--epochs', '1', '--limit', '3000']);
    dir = path.join(tmp(), 'imported');
    await importOnnx({
      encoder: path.join(report.out, 'encoder.onnx'),
      decoder: path.join(report.out, 'decoder.onnx'),
      out: dir,
      inputRange: [0, 1],
      decoderOutput: 'logits',
      likelihood: 'bce',
      shape: null,
    });
  });

  it('encodes five test images to the μ PyTorch computed (within 1e-4)', async () => {
    const before = tf.memory().numTensors;
    const { model, meta } = await engine.loadModel(dir);
    try {
      expect(meta.source).toMatchObject({ kind: 'onnx', inputLayout: 'nchw', latent: 4, likelihood: 'bce' });
      const five: ImageBatch = { ...test, n: 5, data: test.data.subarray(0, 5 * 784) };
      const { mu } = engine.encode(model, five);
      const want = report.mu_first5_test.flat();
      expect(mu.data.length).toBe(want.length);
      want.forEach((v, i) => expect(Math.abs(mu.data[i]! - v)).toBeLessThan(1e-4));
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("has a test ELBO within 1 nat of PyTorch's own estimate, and a finite IW-NLL", async () => {
    const { model } = await engine.loadModel(dir);
    try {
      // Our single-sample estimate over each test image 10 times: its noise, like PyTorch's
      // 10-sample estimate's, is well under a nat, so 1 nat is a real check of the likelihood.
      const ten: ImageBatch = { ...test, n: 10 * test.n, data: new Uint8Array(10 * test.data.length) };
      for (let r = 0; r < 10; r++) ten.data.set(test.data, r * test.data.length);
      const elbo = engine.evaluateElbo(model, ten);
      expect(Math.abs(elbo.elbo - report.test_elbo)).toBeLessThan(1);
      const nll = (await engine.evaluateModel(model, { ...test, n: 50 }, 20)).iwNll;
      expect(nll).toBeGreaterThan(0);
      expect(nll).toBeLessThanOrEqual(-elbo.elbo + 20);
    } finally {
      model.dispose();
    }
  });

  it('decodes an interpolation into a valid animated GIF', async () => {
    const { model } = await engine.loadModel(dir);
    try {
      const two: ImageBatch = { ...test, n: 2, data: test.data.subarray(0, 2 * 784) };
      const { mu } = engine.encode(model, two);
      const ts = Array.from({ length: 8 }, (_, i) => i / 7);
      const z = engine.interpolate(mu.data.slice(0, 4), mu.data.slice(4, 8), ts, 'linear');
      const frames = engine.decode(model, z);
      const gif = exporter.encodeGif(frames, { fps: 10, size: 56, pingpong: false });
      const reader = new GifReader(gif as unknown as Uint8Array);
      expect(reader.numFrames()).toBe(8);
      expect([reader.width, reader.height]).toEqual([56, 56]);
      // The ends differ: two different digits.
      const f0 = new Uint8Array(56 * 56 * 4);
      const f7 = new Uint8Array(56 * 56 * 4);
      reader.decodeAndBlitFrameRGBA(0, f0);
      reader.decodeAndBlitFrameRGBA(7, f7);
      expect(f0.some((v, i) => v !== f7[i])).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it('opens the folder python/train.py wrote directly, with the same μ', async () => {
    const { model } = await engine.loadModel(report.out);
    try {
      const { mu } = engine.encode(model, { ...test, n: 1, data: test.data.subarray(0, 784) });
      report.mu_first5_test[0]!.forEach((v, i) => expect(Math.abs(mu.data[i]! - v)).toBeLessThan(1e-4));
    } finally {
      model.dispose();
    }
  });

  it('refuses training, and data of another shape with MODEL_INCOMPATIBLE', async () => {
    const { model } = await engine.loadModel(dir);
    try {
      await expect(engine.train(model, test, null)).rejects.toThrow(/imported from ONNX and cannot be trained/);
      const rgb: ImageBatch = { data: new Uint8Array(2 * 32 * 32 * 3), n: 2, height: 32, width: 32, channels: 3 };
      expect(() => engine.encode(model, rgb)).toThrow(ContractError);
      try {
        engine.encode(model, rgb);
      } catch (e) {
        expect((e as ContractError).code).toBe('MODEL_INCOMPATIBLE');
      }
    } finally {
      model.dispose();
    }
  });

  it('never overwrites an existing folder', async () => {
    const src = { encoder: path.join(report.out, 'encoder.onnx'), decoder: path.join(report.out, 'decoder.onnx') };
    await expect(
      importOnnx({
        ...src,
        out: report.out,
        inputRange: [0, 1],
        decoderOutput: 'logits',
        likelihood: 'bce',
        shape: null,
      }),
    ).rejects.toMatchObject({ code: 'TARGET_EXISTS' });
  });

  it('says BACKEND_UNAVAILABLE when the runtime cannot be loaded', async () => {
    process.env.LATENT_EXPLORER_ONNXRUNTIME = 'onnxruntime-node-that-is-not-installed';
    try {
      await expect(engine.loadModel(dir)).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    } finally {
      delete process.env.LATENT_EXPLORER_ONNXRUNTIME;
    }
  });
});
