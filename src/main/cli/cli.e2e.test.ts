// The `latent-explorer` command end to end, as a real subprocess through bin/latent-explorer.mjs, on a
// small subset of the built-in MNIST digits: train → eval → gif → grid, plus the failure exits.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
// omggif ships no types: its decoder is used through the small shape declared here.
import * as omggifNs from 'omggif';
import { loadBuiltinMnist } from '../data/index.js';
import { createLatentService } from '../service/latent-service.js';

interface GifReaderLike {
  width: number;
  height: number;
  numFrames(): number;
  frameInfo(i: number): { delay: number; width: number; height: number };
  decodeAndBlitFrameRGBA(i: number, pixels: Uint8Array): void;
}
const omggif = ((omggifNs as unknown as { default?: unknown }).default ?? omggifNs) as {
  GifReader: new (buf: Uint8Array) => GifReaderLike;
};

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'latent-explorer.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
}

const NO_STACK = /\n\s+at .+:\d+:\d+/;

let dir: string;
let modelDir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'le-cli-'));
  modelDir = join(dir, 'model');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('latent-explorer CLI (subprocess)', () => {
  it('train: 1 epoch on 500 digits saves a model and ends stdout with one JSON report', async () => {
    const reportPath = join(dir, 'train.json');
    const r = await cli([
      'train',
      '--data',
      'builtin:mnist',
      '--limit',
      '500',
      '--epochs',
      '1',
      '--latent',
      '4',
      // Not 0: the app once sampled with seed 0 whatever the model's seed was.
      '--seed',
      '7',
      '--threads',
      '2',
      '--out',
      modelDir,
      '--report',
      reportPath,
    ]);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.code, r.stderr).toBe(0);
    const report = lastJsonLine(r.stdout);
    expect(report).toMatchObject({ command: 'train', images_train: 500, images_test: 1000, skipped: [] });
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(report.backend);
    expect(Array.isArray(report.backend_skipped)).toBe(true);
    const epochs = report.epochs as { epoch: number; loss: number; test_elbo: number; seconds: number }[];
    expect(epochs).toHaveLength(1);
    expect(epochs[0]!.epoch).toBe(1);
    expect(epochs[0]!.loss).toBeGreaterThan(0);
    expect(report.test_elbo).toBe(epochs[0]!.test_elbo);
    // ELBO of 784 Bernoulli pixels: negative, and an untrained-to-barely-trained model is far from 0.
    expect(report.test_elbo as number).toBeLessThan(-50);
    expect(report.samples_per_s as number).toBeGreaterThan(0);
    // --threads 2: data-parallel on wasm; the native backends train with one engine.
    expect(report.threads).toBe(report.backend === 'wasm' ? 2 : 1);
    expect(existsSync(join(modelDir, 'meta.json'))).toBe(true);
    expect(JSON.parse(readFileSync(reportPath, 'utf8'))).toEqual(report);
    // stderr carries the progress, stdout only the report.
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/epoch 1/);
  });

  it('eval: ELBO, IW-NLL and KL per dimension of the saved model', async () => {
    const r = await cli(['eval', '--model', modelDir, '--data', 'builtin:mnist', '--iw-samples', '5']);
    expect(r.code, r.stderr).toBe(0);
    const report = lastJsonLine(r.stdout);
    expect(report).toMatchObject({ command: 'eval', images_train: 9000, images_test: 1000, iw_samples: 5 });
    const elbo = report.test_elbo as number;
    const iwNll = report.iw_nll as number;
    expect(elbo).toBeLessThan(0);
    // The IW bound is tighter than the ELBO on the same samples: NLL ≤ −ELBO in every report.
    expect(iwNll).toBeGreaterThan(0);
    expect(iwNll).toBeLessThanOrEqual(-elbo);
    const kl = report.kl_per_dim as number[];
    expect(kl).toHaveLength(4);
    // Burda et al.'s active units: Cov_x(E_q[z_u]) > 0.01, reported per dimension.
    const muVariance = report.mu_variance as number[];
    expect(muVariance).toHaveLength(4);
    expect(report.active_units).toBe(muVariance.filter((v) => v > 0.01).length);
    expect(report.epochs as unknown[]).toHaveLength(1);
    // The nats are of grey-level pixels, and the report says so.
    expect(report.pixels).toBe('grey-level');
    expect(report.likelihood).toMatch(/grey-level pixels \(not binarised\)/);
  });

  it("eval gives the app's numbers: metrics.evaluate on the same model and data, same split and seed", async () => {
    const r = await cli(['eval', '--model', modelDir, '--data', 'builtin:mnist', '--iw-samples', '5']);
    expect(r.code, r.stderr).toBe(0);
    const report = lastJsonLine(r.stdout);
    const dataDir = join(dir, 'app-data');
    mkdirSync(dataDir);
    const service = await createLatentService({ dataDir, resourcesDir: join(ROOT, 'resources'), host: 'in-process' });
    try {
      await service.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'd' });
      await service.call('model.open', { path: modelDir });
      const m = await service.call('metrics.evaluate', { iwSamples: 5, jobId: 'e' });
      expect(Number(m.testElbo.toFixed(4))).toBe(report.test_elbo);
      expect(Number(m.iwNll.toFixed(4))).toBe(report.iw_nll);
      expect(Number(m.bitsPerDim.toFixed(5))).toBe(report.test_bits_per_dim);
      expect(m.klPerDim.map((k) => Number(k.toFixed(5)))).toEqual(report.kl_per_dim);
      // The walk's ranking and row labels use the same KL per dimension.
      const walkKl = await service.call('latent.klPerDim', undefined);
      expect(walkKl.map((k) => Number(k.toFixed(5)))).toEqual(report.kl_per_dim);
      expect(m.activeUnits).toBe(report.active_units);
      expect(m.images).toBe(report.images_evaluated);
      expect(m.likelihood).toBe(report.likelihood);
    } finally {
      await service.close();
    }
  });

  it('Gaussian (mse) model: ELBO and IW-NLL are log-likelihoods of the same model, −ELBO ≥ NLL', async () => {
    const mseDir = join(dir, 'mse');
    const t = await cli(
      ['train', '--data', 'builtin:mnist', '--limit', '500', '--epochs', '1', '--latent', '4'].concat([
        '--loss',
        'mse',
        '--out',
        mseDir,
      ]),
    );
    expect(t.code, t.stderr).toBe(0);
    const r = await cli(['eval', '--model', mseDir, '--data', 'builtin:mnist', '--iw-samples', '5']);
    expect(r.code, r.stderr).toBe(0);
    const report = lastJsonLine(r.stdout);
    const elbo = report.test_elbo as number;
    const iwNll = report.iw_nll as number;
    expect(iwNll).toBeLessThanOrEqual(-elbo);
    // Same model, same σ: the two differ by what importance sampling buys, not by a 720-nat constant.
    expect(-elbo - iwNll).toBeLessThan(30);
    expect(report.likelihood).toMatch(/Gaussian likelihood with fixed σ = 1/);
  });

  it('gif: decodes back to the requested frames and size', async () => {
    const out = join(dir, 'a.gif');
    const r = await cli(
      ['gif', '--model', modelDir, '--data', 'builtin:mnist', '--from', '0', '--to', '9999'].concat([
        '--frames',
        '6',
        '--fps',
        '10',
        '--size',
        '64',
        '--pingpong',
        '--out',
        out,
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    const reader = new omggif.GifReader(new Uint8Array(readFileSync(out)));
    // Ping-pong appends the frames in reverse without repeating the ends: 6 + 4.
    expect(reader.numFrames()).toBe(10);
    expect([reader.width, reader.height]).toEqual([64, 64]);
    // The first and last interpolation frames decode two different digits.
    const a = new Uint8Array(64 * 64 * 4);
    const b = new Uint8Array(64 * 64 * 4);
    reader.decodeAndBlitFrameRGBA(0, a);
    reader.decodeAndBlitFrameRGBA(5, b);
    expect(Buffer.compare(a, b)).not.toBe(0);
  });

  it.each([
    ['walk', 4 * 11, 11],
    ['samples', 64, 8],
    ['reconstructions', 20, 10],
  ] as const)('grid --kind %s: a PNG of the expected layout', async (kind, n, cols) => {
    const out = join(dir, `${kind}.png`);
    const r = await cli(['grid', '--model', modelDir, '--data', 'builtin:mnist', '--kind', kind, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const { width, height } = await sharp(out).metadata();
    const rows = n / cols;
    // Cells of 28 px scaled ×2 with 1-px gaps: the exact gap policy is export's, so bound it.
    expect(width).toBeGreaterThanOrEqual(cols * 56);
    expect(width).toBeLessThanOrEqual(cols * 56 + cols + 1);
    expect(height).toBeGreaterThanOrEqual(rows * 56);
    expect(height).toBeLessThanOrEqual(rows * 56 + rows + 1);
    const stats = await sharp(out).stats();
    expect(stats.channels[0]!.max).toBeGreaterThan(100);
  });

  it('trains on an image folder and lists the unreadable file in skipped', async () => {
    const folder = join(dir, 'folder');
    const { images } = await loadBuiltinMnist(join(ROOT, 'resources'));
    for (const label of ['a', 'b']) mkdirSync(join(folder, label), { recursive: true });
    for (let i = 0; i < 20; i++) {
      const px = Buffer.from(images.data.subarray(i * 784, (i + 1) * 784));
      await sharp(px, { raw: { width: 28, height: 28, channels: 1 } })
        .png()
        .toFile(join(folder, i % 2 ? 'a' : 'b', `${i}.png`));
    }
    writeFileSync(join(folder, 'a', 'broken.png'), 'not a png at all');
    const r = await cli([
      'train',
      '--data',
      folder,
      '--epochs',
      '1',
      '--latent',
      '2',
      '--batch',
      '8',
      '--out',
      join(dir, 'fm'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = lastJsonLine(r.stdout);
    expect((report.images_train as number) + (report.images_test as number)).toBe(20);
    expect(report.skipped).toEqual([{ file: expect.stringContaining('broken.png'), reason: expect.any(String) }]);
  });

  it('bad arguments: usage on stderr, exit 2', async () => {
    for (const args of [
      ['train', '--data', 'builtin:mnist', '--out', modelDir, '--frob'],
      ['explode'],
      ['train', '--latent', '1'],
      ['serve', '--root', join(dir, 'no-such-root')],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^latent-explorer: /);
      expect(r.stderr).toMatch(/Usage: latent-explorer/);
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.stdout).toBe('');
    }
  });

  it('bad data or model: one line, exit 1, no stack', async () => {
    const missing = join(dir, 'no-such-folder');
    for (const args of [
      ['train', '--data', missing, '--out', join(dir, 'x')],
      ['eval', '--model', join(dir, 'no-model'), '--data', 'builtin:mnist'],
      // A folder that is not a model directory.
      ['eval', '--model', dir, '--data', 'builtin:mnist'],
    ]) {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.stderr).not.toMatch(/Usage:/);
      // One line for the person (libraries may log their own notices before it).
      expect(r.stderr.split('\n').filter((l) => l.startsWith('latent-explorer: '))).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    const r = await cli(['train', '--data', missing, '--out', join(dir, 'x')]);
    expect(r.stderr).toContain(missing);
  });

  it('--help prints the overview on stdout and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Commands:/);
  });
});
