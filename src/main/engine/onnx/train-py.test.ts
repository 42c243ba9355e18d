// Issue 13: python/train.py distributed (DDP, gloo) trains the same model as one process, and the
// folder it writes opens in the engine; its conv model is ours (filters, dense, padding and crop).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageBatch } from '../../../shared/contract.js';
import { engine } from '../index.js';
import { paramSpecs } from '../model.js';
import { mnist, readIdxImages } from '../test-data.js';
import { PYTHON, TRAIN_PY, torchMissing, trainDistributed, trainWithTorch } from './torch-fixture.js';
import { skipTitle } from '../../test-skip.js';

const missing = torchMissing();

const ARGS = ['--hidden', '128', '--latent', '8', '--epochs', '2', '--batch', '64'];

describe.skipIf(missing !== null)(skipTitle('python/train.py', missing), () => {
  it('on 2 processes (gloo) reaches a test ELBO within 1 nat of one process with the same total batch and epochs', async () => {
    const one = trainWithTorch(ARGS);
    const two = await trainDistributed(ARGS, 2);
    expect(two.processes).toBe(2);
    expect(one.processes).toBe(1);
    expect(Math.abs(two.test_elbo - one.test_elbo)).toBeLessThan(1);
    // It learned something: far better than the ~−540 nats of an untrained decoder on MNIST.
    expect(one.test_elbo).toBeGreaterThan(-250);

    // The folder it wrote is an ordinary model: the engine opens it and agrees with PyTorch's ELBO.
    await engine.selectBackend('wasm');
    const { model, meta } = await engine.loadModel(two.out);
    try {
      expect(meta.source?.trainedBy).toMatch(/python\/train\.py/);
      const elbo = engine.evaluateElbo(model, mnist('t10k'));
      expect(Math.abs(elbo.elbo - two.test_elbo)).toBeLessThan(1);
    } finally {
      model.dispose();
    }
  });
});

/** MNIST digits centred on a side × side black canvas, written as an IDX directory (train + t10k). */
function paddedMnist(side: number, trainN: number, testN: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `le-idx${side}-`));
  const off = (side - 28) / 2;
  const write = (file: string, src: ImageBatch, n: number) => {
    const out = Buffer.alloc(16 + n * side * side);
    out.writeUInt32BE(2051, 0);
    out.writeUInt32BE(n, 4);
    out.writeUInt32BE(side, 8);
    out.writeUInt32BE(side, 12);
    for (let i = 0; i < n; i++)
      for (let y = 0; y < 28; y++)
        for (let x = 0; x < 28; x++)
          out[16 + i * side * side + (y + off) * side + x + off] = src.data[i * 784 + y * 28 + x]!;
    writeFileSync(path.join(dir, file), out);
  };
  write('train-images-idx3-ubyte', mnist('train', trainN), trainN);
  write('t10k-images-idx3-ubyte', mnist('t10k', testN), testN);
  return dir;
}

describe.skipIf(missing !== null)(skipTitle("python/train.py --arch conv is the app's conv model", missing), () => {
  // 48 px halves evenly four times (→ 3×3); 44 px is padded inside the model to 48 and cropped back.
  it.each([48, 44])("at %i px: same layers as ours, opens in the engine with PyTorch's μ and ELBO", async (side) => {
    const data = paddedMnist(side, 256, 500);
    try {
      // A later --data wins over the fixture's MNIST (argparse keeps the last value).
      const run = trainWithTorch(['--data', data, '--arch', 'conv', '--latent', '6', '--epochs', '1', '--batch', '64']);
      await engine.selectBackend('wasm');
      const { model, meta } = await engine.loadModel(run.out);
      try {
        expect(meta.config).toMatchObject({ arch: 'conv', filters: [32, 32, 64, 64], hidden: [256], latent: 6 });
        expect(meta.shape).toEqual({ height: side, width: side, channels: 1 });
        // The very layers of ours: the same parameter count as our conv model of this config and side.
        const ours = paramSpecs(meta.config, meta.shape).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
        expect(run.parameters).toBe(ours);
        const test = readIdxImages(path.join(data, 't10k-images-idx3-ubyte'));
        const { mu } = engine.encode(model, { ...test, n: 5, data: test.data.subarray(0, 5 * side * side) });
        run.mu_first5_test.flat().forEach((v, i) => expect(Math.abs(mu.data[i]! - v)).toBeLessThan(1e-4));
        // Decodes whole images of the dataset's side (the padding is cropped off inside the graph).
        const decoded = engine.decode(model, { data: new Float32Array(6), rows: 1, cols: 6 });
        expect([decoded.height, decoded.width]).toEqual([side, side]);
        // PyTorch averages 10 draws of z per image; so does this (a single draw is ±1 nat noise here).
        const metrics = await engine.evaluateModel(model, test, 10);
        expect(Math.abs(metrics.elbo - run.test_elbo)).toBeLessThan(1);
      } finally {
        model.dispose();
      }
      // More convolutions than the side has halvings: refused with the app's sentence, nothing written.
      const tooMany = spawnSync(
        PYTHON,
        [TRAIN_PY, '--data', data, '--arch', 'conv', '--filters', '8,8,8,8,8,8', '--out', path.join(data, 'm')],
        { encoding: 'utf8' },
      );
      expect(tooMany.status).not.toBe(0);
      expect(tooMany.stderr).toContain(`${side}×${side} px images fit at most 5 stride-2 convolutions`);
      expect(existsSync(path.join(data, 'm'))).toBe(false);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
