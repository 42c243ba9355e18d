// The conv architecture: the β-VAE layout by default, filters and dense widths as settings, sides
// that do not halve evenly (padded inside the model), and models saved by v0.1 (before `filters`).
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type ImageBatch, type TrainConfig } from '../../shared/contract.js';
import { selectBackend } from './backend.js';
import { createVae } from './index.js';
import { decode, reconstruct } from './inference.js';
import { sampleCodes } from './latent-math.js';
import { asVae, decodeT, type Vae } from './model.js';
import { loadModel, saveModel } from './store.js';
import { mnist } from './test-data.js';
import { train } from './train.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
const conv = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  arch: 'conv',
  hidden: [256],
  latent: 10,
  epochs: 1,
  ...over,
});
const shapesOf = (m: Vae) => Object.fromEntries(m.specs.map((s) => [s.name, s.shape]));
const count = (m: Vae) => m.specs.reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);

/** Real MNIST digits, each scaled up ×3 (nearest) and centred on a side × side black canvas. */
function digitsOn(side: number, n: number): ImageBatch {
  const src = mnist('train', n);
  const data = new Uint8Array(n * side * side);
  const off = Math.floor((side - 84) / 2);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < 84; y++)
      for (let x = 0; x < 84; x++)
        data[i * side * side + (y + off) * side + x + off] =
          src.data[i * 784 + Math.floor(y / 3) * 28 + Math.floor(x / 3)]!;
  return { data, n, height: side, width: side, channels: 1 };
}

let dir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'engine-conv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('conv architecture', () => {
  it('is the β-VAE at 64 px by default: 4×4 stride-2 convs 32,32,64,64 to 4×4×64, dense 256', () => {
    const m = createVae(conv({ hidden: [256] }), { height: 64, width: 64, channels: 3 }) as Vae;
    expect(m.config.filters).toEqual([32, 32, 64, 64]);
    expect(shapesOf(m)).toMatchObject({
      'conv0.w': [4, 4, 3, 32],
      'conv1.w': [4, 4, 32, 32],
      'conv2.w': [4, 4, 32, 64],
      'conv3.w': [4, 4, 64, 64],
      'enc0.w': [4 * 4 * 64, 256],
      'mu.w': [256, 10],
      'logvar.w': [256, 10],
      'dec0.w': [10, 256],
      'out.w': [256, 1024],
      'deconv0.w': [4, 4, 64, 64],
      'deconv3.w': [4, 4, 3, 32],
    });
    // The PyTorch reference (../shared/bench/torch_conv_vae_ref.py, same settings) reports 766,295.
    expect(count(m)).toBe(766_295);
    m.dispose();
  });

  it('takes filters and dense widths as settings', () => {
    const m = createVae(conv({ filters: [8, 16, 24], hidden: [64, 32] }), {
      height: 32,
      width: 32,
      channels: 1,
    }) as Vae;
    expect(shapesOf(m)).toMatchObject({
      'conv2.w': [4, 4, 16, 24],
      'enc0.w': [4 * 4 * 24, 64],
      'enc1.w': [64, 32],
      'out.w': [64, 4 * 4 * 24],
      'deconv2.w': [4, 4, 1, 8],
    });
    expect(decode(m, sampleCodes(3, 10, 1))).toMatchObject({ n: 3, height: 32, width: 32, channels: 1 });
    m.dispose();
  });

  it('refuses more convolutions than the side can take and bad filter lists, saying what to do', () => {
    const shape = { height: 16, width: 16, channels: 1 as const };
    expect(() => createVae(conv({ filters: [8, 8, 8, 8, 8] }), shape)).toThrow(
      /16×16 px images fit at most 4 stride-2 convolutions.*use fewer/,
    );
    expect(() => createVae(conv({ filters: [8, 0] }), shape)).toThrow(/Conv filters must be 1 to 7 whole numbers/);
    expect(() => createVae(conv({ filters: [] }), shape)).toThrow(/Conv filters/);
  });

  it('trains at 100 px (padded to 112 inside the model, output cropped back) on real digits, no leaks', async () => {
    const side = 100;
    const set = digitsOn(side, 96);
    const m = createVae(
      conv({ filters: [8, 8, 16, 16], batchSize: 32, epochs: 3, learningRate: 3e-3, latent: 4, hidden: [64] }),
      {
        height: side,
        width: side,
        channels: 1,
      },
    ) as Vae;
    expect(m.plan).toMatchObject({ pad: { top: 6, bottom: 6, left: 6, right: 6 }, height: 7, width: 7 });
    expect(shapesOf(m)['enc0.w']).toEqual([7 * 7 * 16, 64]);
    const baseline = tf.memory().numTensors;
    const losses: number[] = [];
    const res = await train(m, set, set, { onStep: (s) => losses.push(s.loss) });
    expect(tf.memory().numTensors).toBe(baseline);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! - 100);
    // The loss counts the image's own 10,000 pixels: a random decoder gives ≈ ln 2 · 10,000 nats.
    expect(losses[0]!).toBeGreaterThan(0.5 * 10_000);
    expect(losses[0]!).toBeLessThan(1.2 * 10_000);
    expect(res.history.at(-1)!.testElbo).toBeGreaterThan(-losses[0]!);
    const logits = tf.tidy(() => decodeT(m, tf.zeros([2, 4])));
    expect(logits.shape).toEqual([2, side * side]);
    logits.dispose();
    expect(reconstruct(m, set).data).toHaveLength(96 * side * side);
    m.dispose();
  });

  it('needs no padding at 48 px: four halvings give 3×3', () => {
    const m = createVae(conv(), { height: 48, width: 48, channels: 3 }) as Vae;
    expect(m.plan).toMatchObject({ pad: { top: 0, bottom: 0, left: 0, right: 0 }, height: 3, width: 3 });
    expect(decode(m, sampleCodes(2, 10, 3))).toMatchObject({ n: 2, height: 48, width: 48, channels: 3 });
    m.dispose();
  });
});

describe('models saved before filters existed', () => {
  // Saved by v0.1 (commit 55d4e74): conv at 28 px, meta.json without `filters`, that version's
  // 32,64 convs to 7×7×64; the expected decoder logits were printed by the same code.
  const fixture = path.join(FIXTURES, 'conv28-v0.1');
  const expected = JSON.parse(readFileSync(`${fixture}.expected.json`, 'utf8')) as {
    z: number[][];
    logits: number[];
  };

  it('open with their old layout and decode exactly as before; saving again records the filters', async () => {
    expect(JSON.parse(await readFile(path.join(fixture, 'meta.json'), 'utf8')).config.filters).toBeUndefined();
    const { model, meta } = await loadModel(fixture);
    expect(meta.config.filters).toEqual([32, 64]);
    const logits = tf.tidy(() => decodeT(asVae(model), tf.tensor2d(expected.z)));
    const got = logits.dataSync();
    logits.dispose();
    expect(got).toHaveLength(expected.logits.length);
    let worst = 0;
    expected.logits.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[i]!))));
    expect(worst).toBeLessThan(1e-4);

    const again = path.join(dir, 'resaved');
    await saveModel(model, { ...meta }, again);
    const saved = JSON.parse(await readFile(path.join(again, 'meta.json'), 'utf8'));
    expect(saved.config.filters).toEqual([32, 64]);
    const { model: reopened } = await loadModel(again);
    const z = sampleCodes(4, 2, 5);
    expect(decode(reopened, z).data).toEqual(decode(model, z).data);
    model.dispose();
    reopened.dispose();
  });
});
