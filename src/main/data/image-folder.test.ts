import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../shared/contract.js';
import { encodeGif } from '../export/index.js';
import { loadBuiltinMnist, loadImageFolder, type LoadedDataset } from './index.js';

let tmp: string;
let mnist: LoadedDataset;

function digit(index: number): Buffer {
  return Buffer.from(mnist.images.data.subarray(index * 784, (index + 1) * 784));
}
function greyPng(index: number): Promise<Buffer> {
  return sharp(digit(index), { raw: { width: 28, height: 28, channels: 1 } })
    .png()
    .toBuffer();
}
function greyJpeg(index: number): Promise<Buffer> {
  return sharp(digit(index), { raw: { width: 28, height: 28, channels: 1 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}
/** 60×20: red x<15, green 15..44, blue x≥45; the centre 20×20 crop (x 20..39) is all green. */
function stripes(): Promise<Buffer> {
  const px = Buffer.alloc(60 * 20 * 3);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 60; x++) px[(y * 60 + x) * 3 + (x < 15 ? 0 : x < 45 ? 1 : 2)] = 255;
  return sharp(px, { raw: { width: 60, height: 20, channels: 3 } })
    .png()
    .toBuffer();
}
/** Indices of MNIST digits with a given label. */
function digitsOf(label: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < mnist.labels.length && out.length < count; i++) if (mnist.labels[i] === label) out.push(i);
  return out;
}

async function errorOf(p: Promise<unknown>): Promise<ContractError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ContractError);
  return e as ContractError;
}

/**
 * three/  : 6 PNGs + broken.png (corrupt) + old.bmp
 * seven/  : 4 JPEGs + empty.jpg (0 bytes) + deeper/nested/2 PNGs (still label "seven")
 * root    : loose.png (no label), notes.txt, .hidden.png, .cache/x.png
 */
async function makeGreyFolder(dir: string): Promise<{ threes: number[] }> {
  await mkdir(join(dir, 'three'), { recursive: true });
  await mkdir(join(dir, 'seven', 'deeper', 'nested'), { recursive: true });
  await mkdir(join(dir, '.cache'), { recursive: true });
  const threes = digitsOf(3, 6);
  for (const [k, i] of threes.entries()) await writeFile(join(dir, 'three', `t${k}.png`), await greyPng(i));
  const sevens = digitsOf(7, 6);
  for (const [k, i] of sevens.slice(0, 4).entries())
    await writeFile(join(dir, 'seven', `s${k}.jpg`), await greyJpeg(i));
  await writeFile(join(dir, 'seven', 'deeper', 'nested', 'n0.png'), await greyPng(sevens[4]!));
  await writeFile(join(dir, 'seven', 'deeper', 'nested', 'n1.png'), await greyPng(sevens[5]!));
  await writeFile(join(dir, 'loose.png'), await greyPng(digitsOf(1, 1)[0]!));
  await writeFile(join(dir, 'three', 'broken.png'), Buffer.from('\x89PNG\r\n\x1a\nthis is not really a png'));
  await writeFile(join(dir, 'three', 'old.bmp'), Buffer.from('BM....'));
  await writeFile(join(dir, 'seven', 'empty.jpg'), Buffer.alloc(0));
  await writeFile(join(dir, 'notes.txt'), 'not an image');
  await writeFile(join(dir, '.hidden.png'), await greyPng(0));
  await writeFile(join(dir, '.cache', 'x.png'), await greyPng(1));
  return { threes };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lex-folder-'));
  mnist = await loadBuiltinMnist(resolve('resources'), { limit: 500 });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('loadImageFolder', () => {
  it('loads grey PNG and JPEG files with sub-folder labels, skipping bad files with reasons', async () => {
    const dir = join(tmp, 'grey');
    const { threes } = await makeGreyFolder(dir);
    const progress: [number, number, string][] = [];
    const ds = await loadImageFolder(dir, {}, { onProgress: (d, t, p) => progress.push([d, t, p]) });
    expect(ds.info).toMatchObject({ count: 13, trainCount: 12, testCount: 1, height: 28, width: 28, channels: 1 });
    expect(ds.info.name).toBe('grey');
    expect(ds.info.source).toEqual({ kind: 'folder', path: dir });
    expect(ds.info.labelNames).toEqual(['seven', 'three']);
    const labels = Array.from(ds.labels);
    expect(labels.filter((l) => l === 1)).toHaveLength(6);
    expect(labels.filter((l) => l === 0)).toHaveLength(6);
    expect(labels.filter((l) => l === -1)).toHaveLength(1);
    expect(ds.info.skipped.map((s) => s.file)).toEqual(['seven/empty.jpg', 'three/broken.png', 'three/old.bmp']);
    expect(ds.info.skipped[0]!.reason).toMatch(/empty file/);
    expect(ds.info.skipped[1]!.reason).toMatch(/not a readable image|cannot be decoded/);
    expect(ds.info.skipped[2]!.reason).toMatch(/BMP/);
    expect(progress.at(-1)).toEqual([15, 15, 'decoding']);

    // A lossless 28×28 PNG comes back pixel for pixel: find t0.png (the first "three") by content.
    const first = digit(threes[0]!);
    const found = Array.from({ length: ds.images.n }, (_, k) => k).find((k) =>
      Buffer.from(ds.images.data.subarray(k * 784, (k + 1) * 784)).equals(first),
    );
    expect(found).toBeDefined();
    expect(ds.labels[found!]).toBe(1);
  });

  it('splits deterministically by seed and honours testFraction', async () => {
    const dir = join(tmp, 'grey');
    const a = await loadImageFolder(dir, { testFraction: 0.3, seed: 7 });
    const b = await loadImageFolder(dir, { testFraction: 0.3, seed: 7 });
    const c = await loadImageFolder(dir, { testFraction: 0.3, seed: 8 });
    expect(a.info).toMatchObject({ trainCount: 9, testCount: 4 });
    expect(Buffer.from(a.images.data).equals(Buffer.from(b.images.data))).toBe(true);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Buffer.from(a.images.data).equals(Buffer.from(c.images.data))).toBe(false);
    const limited = await loadImageFolder(dir, { testFraction: 0.3, seed: 7 }, { limit: 3 });
    expect(limited.info).toMatchObject({ trainCount: 3, testCount: 1, count: 4 });
  });

  it('decodes RGB images at 32×32 with a centre crop; one colour image makes the whole set RGB', async () => {
    const dir = join(tmp, 'rgb');
    await mkdir(join(dir, 'a'), { recursive: true });
    await writeFile(join(dir, 'a', 'stripes.png'), await stripes());
    await writeFile(join(dir, 'a', 'grey.png'), await greyPng(0));
    const ds = await loadImageFolder(dir, { testFraction: 0 });
    expect(ds.info).toMatchObject({ channels: 3, height: 32, width: 32, count: 2, labelNames: ['a'] });
    // Files are in path order: grey.png then stripes.png.
    const stripesImg = ds.images.data.subarray(32 * 32 * 3);
    for (const p of [0, 16 * 32 + 16, 32 * 32 - 1]) {
      expect(Array.from(stripesImg.subarray(p * 3, p * 3 + 3))).toEqual([0, 255, 0]);
    }
    const greyImg = ds.images.data.subarray(0, 32 * 32 * 3);
    for (let p = 0; p < 32 * 32; p++) expect(greyImg[3 * p]).toBe(greyImg[3 * p + 1]);
    // Forcing grayscale (size 16) gives one channel; without labels at the root labelNames is [].
    const flat = join(tmp, 'flat');
    await mkdir(flat);
    await writeFile(join(flat, 'stripes.png'), await stripes());
    const grey = await loadImageFolder(flat, { colour: 'grey', size: 16, testFraction: 0 });
    expect(grey.info).toMatchObject({ channels: 1, height: 16, width: 16, count: 1, labelNames: [] });
    expect(grey.labels[0]).toBe(-1);
  });

  it('decodes WebP, TIFF, AVIF and the first frame of an animated GIF', async () => {
    const dir = join(tmp, 'formats');
    await mkdir(dir);
    const raw = (v: number): Buffer => Buffer.alloc(16 * 16, v);
    const opts = { raw: { width: 16, height: 16, channels: 1 as const } };
    await writeFile(join(dir, 'a.webp'), await sharp(raw(60), opts).webp({ lossless: true }).toBuffer());
    await writeFile(join(dir, 'b.tiff'), await sharp(raw(90), opts).tiff().toBuffer());
    await writeFile(join(dir, 'c.avif'), await sharp(raw(120), opts).avif({ lossless: true }).toBuffer());
    const frames = {
      data: Uint8Array.from([...raw(50), ...raw(200)]),
      n: 2,
      height: 16,
      width: 16,
      channels: 1 as const,
    };
    await writeFile(join(dir, 'd.gif'), encodeGif(frames, { fps: 5, size: 16, pingpong: false }));
    const ds = await loadImageFolder(dir, { size: 16, testFraction: 0 });
    expect(ds.info).toMatchObject({ count: 4, channels: 1, skipped: [] });
    const firstPixels = Array.from({ length: 4 }, (_, k) => ds.images.data[k * 256]!);
    expect(firstPixels[0]).toBe(60);
    expect(firstPixels[1]).toBe(90);
    expect(Math.abs(firstPixels[2]! - 120)).toBeLessThanOrEqual(2);
    expect(firstPixels[3]).toBe(50);
    expect(ds.info.folder).toMatchObject({ animated: 1, upscaled: 0, withAlpha: 0 });
  });

  it('reports DATASET_EMPTY for an empty and for an all-bad folder, NOT_FOUND for a missing one', async () => {
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    let e = await errorOf(loadImageFolder(empty, {}));
    expect(e.code).toBe('DATASET_EMPTY');
    expect(e.message).toMatch(/no files at all/);

    const bad = join(tmp, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'broken.png'), 'nope');
    await writeFile(join(bad, 'zero.jpg'), Buffer.alloc(0));
    await writeFile(join(bad, 'readme.txt'), 'hi');
    e = await errorOf(loadImageFolder(bad, {}));
    expect(e.code).toBe('DATASET_EMPTY');
    expect(e.message).toMatch(/None of the 2 image file\(s\).*could be read/);

    e = await errorOf(loadImageFolder(join(tmp, 'nope'), {}));
    expect(e.code).toBe('NOT_FOUND');
    e = await errorOf(loadImageFolder(empty, { size: 3 }));
    expect(e.code).toBe('BAD_ARGUMENT');
  });

  it('caches a decoded folder and invalidates the cache when a file changes', async () => {
    const dir = join(tmp, 'cached');
    const cacheDir = join(tmp, 'cache');
    await makeGreyFolder(dir);
    const first = await loadImageFolder(dir, {}, { cacheDir });
    expect(first.fromCache).toBe(false);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.bin'))).toHaveLength(1);

    const second = await loadImageFolder(dir, {}, { cacheDir });
    expect(second.fromCache).toBe(true);
    expect(second.info).toEqual(first.info);
    expect(Buffer.from(second.images.data).equals(Buffer.from(first.images.data))).toBe(true);
    expect(Array.from(second.labels)).toEqual(Array.from(first.labels));

    // Other options are another cache entry.
    expect((await loadImageFolder(dir, { seed: 3 }, { cacheDir })).fromCache).toBe(false);

    const changed = join(dir, 'three', 't0.png');
    await writeFile(changed, await greyPng(digitsOf(8, 1)[0]!));
    await utimes(changed, new Date(), new Date(Date.now() + 5000));
    const third = await loadImageFolder(dir, {}, { cacheDir });
    expect(third.fromCache).toBe(false);
    expect(third.info.fingerprint).not.toBe(first.info.fingerprint);
    expect(Buffer.from(third.images.data).equals(Buffer.from(first.images.data))).toBe(false);
  });

  it('stops with CANCELLED when the signal aborts mid-decode, and before starting', async () => {
    const dir = join(tmp, 'many');
    await mkdir(dir);
    for (let i = 0; i < 60; i++) await writeFile(join(dir, `d${i}.png`), await greyPng(i));
    const controller = new AbortController();
    let lastDone = 0;
    const e = await errorOf(
      loadImageFolder(
        dir,
        {},
        {
          signal: controller.signal,
          onProgress: (done, _total, phase) => {
            if (phase !== 'decoding') return;
            lastDone = done;
            if (done === 5) controller.abort();
          },
        },
      ),
    );
    expect(e.code).toBe('CANCELLED');
    expect(lastDone).toBeLessThan(60);
    const pre = AbortSignal.abort();
    expect((await errorOf(loadImageFolder(dir, {}, { signal: pre }))).code).toBe('CANCELLED');
  });
});
