// `latent-explorer train` on a folder of the user's own RGBA pictures at the sizes issue 9 names
// (48 px letterboxed, 100 px cropped), as a real subprocess; eval loads the folder the way the model
// was trained; bad --size/--fit/--colour values exit 2 naming what is allowed.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'latent-explorer.mjs');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

interface Report {
  dataset: {
    height: number;
    width: number;
    channels: number;
    folder: { settings: object; upscaled: number; withAlpha: number } | null;
  };
  images_train: number;
  images_test: number;
  test_elbo: number;
  test_bits_per_dim: number;
}
const report = (stdout: string): Report => JSON.parse(stdout.trim().split('\n').at(-1)!) as Report;

/** An icon-like RGBA picture: a coloured disc (label hue) on a transparent ground, w×h. */
function icon(w: number, h: number, hue: [number, number, number], r: number): Promise<Buffer> {
  const px = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = (x - w / 2) ** 2 + (y - h / 2) ** 2 <= r * r;
      if (inside) px.set([...hue, 255], (y * w + x) * 4);
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 4 } })
    .png()
    .toBuffer();
}

let dir: string;
let folder: string;
const LABELS: Record<string, [number, number, number]> = {
  red: [220, 40, 40],
  green: [40, 200, 60],
  blue: [50, 80, 230],
};
/** Sizes of the pictures: some smaller than 48 px, none square, none larger than 100 px on the short side. */
const SHAPES: [number, number][] = [
  [24, 32],
  [40, 30],
  [64, 48],
  [90, 120],
  [120, 72],
  [36, 36],
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'le-cli-folder-'));
  folder = join(dir, 'icons');
  for (const [label, hue] of Object.entries(LABELS)) {
    mkdirSync(join(folder, label), { recursive: true });
    for (const [k, [w, h]] of SHAPES.entries()) {
      const bytes = await icon(w, h, hue, Math.min(w, h) * (0.25 + 0.04 * k));
      await sharp(bytes).toFile(join(folder, label, `${label}-${k}.png`));
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('latent-explorer train on an image folder (subprocess)', () => {
  it('trains an MLP at 48 px letterboxed on white; eval loads the folder the same way', async () => {
    const model = join(dir, 'm48');
    const common = ['--epochs', '1', '--latent', '4', '--hidden', '64', '--batch', '8'];
    const r = await cli([
      'train',
      '--data',
      folder,
      '--size',
      '48',
      '--fit',
      'pad',
      '--background',
      'white',
      ...common,
      '--out',
      model,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const t = report(r.stdout);
    expect(t.dataset).toMatchObject({ height: 48, width: 48, channels: 3 });
    expect(t.dataset.folder).toMatchObject({
      settings: { size: 48, fit: 'pad', colour: 'rgb', background: 'white' },
      // pad fits the longer side: 24×32, 40×30, 36×36 are smaller than 48 in each of 3 labels.
      upscaled: 9,
      withAlpha: 18,
    });
    expect(t.images_train + t.images_test).toBe(18);
    // Bits per dimension: −ELBO / (48·48·3 · ln 2), from the one function, rounded in the report.
    expect(t.test_bits_per_dim).toBeCloseTo(-t.test_elbo / (48 * 48 * 3 * Math.LN2), 4);
    expect(t.test_bits_per_dim).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/loaded at 48×48 px, padded \(letterbox\), RGB, transparency onto white/);

    // No folder flags: the model's recorded settings decide (48 px, pad, white), not the defaults.
    const e = await cli(['eval', '--model', model, '--data', folder, '--iw-samples', '2']);
    expect(e.code, e.stderr).toBe(0);
    expect(report(e.stdout).dataset).toMatchObject({
      height: 48,
      width: 48,
      folder: { settings: { size: 48, fit: 'pad', colour: 'rgb', background: 'white' } },
    });
  });

  it('trains an MLP at 100 px (centre crop), a side that does not halve evenly', async () => {
    const r = await cli([
      'train',
      '--data',
      folder,
      '--size',
      '100',
      '--epochs',
      '1',
      '--latent',
      '4',
      '--hidden',
      '32',
      '--batch',
      '8',
      '--out',
      join(dir, 'm100'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const t = report(r.stdout);
    expect(t.dataset).toMatchObject({ height: 100, width: 100, channels: 3 });
    expect(t.dataset.folder).toMatchObject({ settings: { size: 100, fit: 'crop' } });
    expect(Number.isFinite(t.test_elbo)).toBe(true);
  });

  it('refuses sizes outside 16..128 and unknown fit or colour with exit 2, naming the allowed values', async () => {
    for (const [flag, value, expected] of [
      ['--size', '8', '--size: Image size must be a whole number from 16 to 128 (got 8).'],
      ['--size', '129', '--size: Image size must be a whole number from 16 to 128 (got 129).'],
      ['--fit', 'stretch', '--fit: Fit must be one of crop, pad (got "stretch").'],
      ['--colour', 'purple', '--colour: Colour must be one of auto, grey, rgb (got "purple").'],
    ] as const) {
      const r = await cli(['train', '--data', folder, '--out', join(dir, 'never'), flag, value]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(expected);
    }
  });
});
