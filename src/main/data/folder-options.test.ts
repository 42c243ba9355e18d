// Image folders loaded the way the person asked: size, fit, colour, background, EXIF orientation,
// and the awkward real files (16-bit, CMYK, animated, palette + transparency), each counted in the
// load report. Every image here is a real file written to disk (PNG byte by byte, or with sharp).
import { mkdir, mkdtemp, readdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../shared/contract.js';
import { encodeGif } from '../export/index.js';
import { permuteInPlace } from './folder-slab.js';
import { loadImageFolder } from './index.js';
import { encodePng } from './test-png.js';

let tmp: string;
let n = 0;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lex-folder-options-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function folder(files: Record<string, Uint8Array>): Promise<string> {
  const dir = join(tmp, `f${n++}`);
  await mkdir(dir);
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  return dir;
}

async function errorOf(p: Promise<unknown>): Promise<ContractError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ContractError);
  return e as ContractError;
}

/** w×h RGB image from a function of (x, y) → [r, g, b], as PNG. */
function rgbPng(w: number, h: number, f: (x: number, y: number) => [number, number, number]): Promise<Buffer> {
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set(f(x, y), (y * w + x) * 3);
  return sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();
}

/** Pixel (x, y) of image k of a loaded batch. */
function pixel(
  images: { data: Uint8Array; width: number; height: number; channels: number },
  k: number,
  x: number,
  y: number,
): number[] {
  const { width, height, channels } = images;
  const at = ((k * height + y) * width + x) * channels;
  return Array.from(images.data.subarray(at, at + channels));
}

const near = (a: number[], b: number[], tolerance: number): boolean =>
  a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

describe('image folder options', () => {
  it('crop takes the centre square, pad letterboxes the whole image onto the background', async () => {
    // 60×20: red x<15, green 15..44, blue x≥45.
    const stripes = await rgbPng(60, 20, (x) => (x < 15 ? [255, 0, 0] : x < 45 ? [0, 255, 0] : [0, 0, 255]));
    const dir = await folder({ 'stripes.png': stripes });
    const crop = await loadImageFolder(dir, { size: 48, testFraction: 0 });
    expect(crop.info.folder?.settings).toEqual({ size: 48, fit: 'crop', colour: 'rgb', background: 'black' });
    expect(pixel(crop.images, 0, 0, 24)).toEqual([0, 255, 0]);
    expect(pixel(crop.images, 0, 47, 24)).toEqual([0, 255, 0]);

    for (const background of ['black', 'white'] as const) {
      const pad = await loadImageFolder(dir, { size: 48, fit: 'pad', background, testFraction: 0 });
      expect(pad.info.folder?.settings).toEqual({ size: 48, fit: 'pad', colour: 'rgb', background });
      const bar = background === 'black' ? [0, 0, 0] : [255, 255, 255];
      // 60×20 fits as 48×16: bars of 16 rows above and below, all three stripes in the middle.
      expect(pixel(pad.images, 0, 24, 2)).toEqual(bar);
      expect(pixel(pad.images, 0, 24, 45)).toEqual(bar);
      expect(near(pixel(pad.images, 0, 2, 24), [255, 0, 0], 8)).toBe(true);
      expect(near(pixel(pad.images, 0, 24, 24), [0, 255, 0], 8)).toBe(true);
      expect(near(pixel(pad.images, 0, 45, 24), [0, 0, 255], 8)).toBe(true);
    }
  });

  it('flattens transparency onto the chosen background and counts the images that had it', async () => {
    // RGBA 32×32: left half opaque grey 100, right half fully transparent.
    const rgba = Buffer.alloc(32 * 32 * 4);
    for (let p = 0; p < 32 * 32; p++) rgba.set(p % 32 < 16 ? [100, 100, 100, 255] : [0, 0, 0, 0], p * 4);
    const png = await sharp(rgba, { raw: { width: 32, height: 32, channels: 4 } })
      .png()
      .toBuffer();
    const opaque = await rgbPng(32, 32, () => [60, 60, 60]);
    const dir = await folder({ 'alpha.png': png, 'opaque.png': opaque });
    for (const [background, want] of [
      ['black', 0],
      ['white', 255],
    ] as const) {
      const ds = await loadImageFolder(dir, { size: 32, background, testFraction: 0 });
      // Grey pictures: auto colour gives one channel.
      expect(ds.info.channels).toBe(1);
      expect(ds.info.folder).toMatchObject({ withAlpha: 1, settings: { background, colour: 'grey' } });
      const alpha = ds.labels.length === 2 ? [0, 1].find((k) => pixel(ds.images, k, 0, 0)[0] === 100)! : -1;
      expect(pixel(ds.images, alpha, 0, 16)).toEqual([100]);
      expect(pixel(ds.images, alpha, 31, 16)).toEqual([want]);
    }
  });

  it('applies EXIF orientation before fitting and counts the turned images', async () => {
    // Stored 40×20, left half red, right half blue; orientation 6 = shown turned 90° clockwise, so
    // upright it is 20×40 with red on top and blue at the bottom.
    const stored = await rgbPng(40, 20, (x) => (x < 20 ? [255, 0, 0] : [0, 0, 255]));
    const jpeg = await sharp(stored).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const ds = await loadImageFolder(await folder({ 'turned.jpg': jpeg }), { size: 16, fit: 'pad', testFraction: 0 });
    expect(ds.info.folder?.rotated).toBe(1);
    expect(near(pixel(ds.images, 0, 8, 1), [255, 0, 0], 40)).toBe(true);
    expect(near(pixel(ds.images, 0, 8, 14), [0, 0, 255], 40)).toBe(true);
  });

  it('loads 16-bit PNGs (RGB and grey + alpha) as 8-bit and counts them', async () => {
    const rgb16 = encodePng({
      width: 20,
      height: 20,
      bitDepth: 16,
      colourType: 2,
      samples: Array.from({ length: 20 * 20 * 3 }, (_, i) => [65535, 32896, 0][i % 3]!),
    });
    const greyAlpha16 = encodePng({
      width: 20,
      height: 20,
      bitDepth: 16,
      colourType: 4,
      // grey 0x8080 everywhere; alpha opaque in the left half, transparent in the right half.
      samples: Array.from({ length: 20 * 20 * 2 }, (_, i) => (i % 2 === 0 ? 32896 : (i >> 1) % 20 < 10 ? 65535 : 0)),
    });
    const dir = await folder({ 'a-rgb16.png': rgb16, 'b-greyalpha16.png': greyAlpha16 });
    expect((await sharp(rgb16).metadata()).depth).toBe('ushort');
    const ds = await loadImageFolder(dir, { size: 20, colour: 'rgb', background: 'white', testFraction: 0 });
    expect(ds.info.skipped).toEqual([]);
    expect(ds.info.folder).toMatchObject({ sixteenBit: 2, withAlpha: 1 });
    const order = [0, 1].sort((a, b) => pixel(ds.images, b, 0, 0)[0]! - pixel(ds.images, a, 0, 0)[0]!);
    expect(near(pixel(ds.images, order[0]!, 5, 5), [255, 128, 0], 1)).toBe(true);
    expect(near(pixel(ds.images, order[1]!, 2, 5), [128, 128, 128], 1)).toBe(true);
    expect(pixel(ds.images, order[1]!, 17, 5)).toEqual([255, 255, 255]);
  });

  it('loads palette PNGs with a transparent entry, CMYK JPEGs and the first frame of animated GIFs, each counted', async () => {
    // Palette: 0 = red (opaque), 1 = green (transparent); top half red, bottom half transparent.
    const palette = encodePng({
      width: 16,
      height: 16,
      bitDepth: 8,
      colourType: 3,
      palette: [
        [255, 0, 0],
        [0, 255, 0],
      ],
      paletteAlpha: [255, 0],
      samples: Array.from({ length: 256 }, (_, p) => (p < 128 ? 0 : 1)),
    });
    const paletteMeta = await sharp(palette).metadata();
    expect(paletteMeta.isPalette && paletteMeta.hasAlpha).toBe(true);
    const orange = await rgbPng(16, 16, () => [230, 120, 20]);
    const cmyk = await sharp(orange).toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const frame = (r: number, g: number, b: number): number[] =>
      Array.from({ length: 16 * 16 }, () => [r, g, b]).flat();
    const gif = encodeGif(
      { data: Uint8Array.from([...frame(0, 0, 255), ...frame(255, 255, 0)]), n: 2, height: 16, width: 16, channels: 3 },
      { fps: 5, size: 16, pingpong: false },
    );
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const dir = await folder({ 'a-palette.png': palette, 'b-cmyk.jpg': cmyk, 'c-anim.gif': gif });
    const ds = await loadImageFolder(dir, { size: 16, testFraction: 0, background: 'black' });
    expect(ds.info.skipped).toEqual([]);
    expect(ds.info.channels).toBe(3);
    expect(ds.info.folder).toMatchObject({ paletteAlpha: 1, cmyk: 1, animated: 1, withAlpha: 1 });
    // Find each image by its look (the split shuffles them).
    const at = (x: number, y: number): number[][] => [0, 1, 2].map((k) => pixel(ds.images, k, x, y));
    const top = at(8, 2);
    const bottom = at(8, 13);
    const paletteK = top.findIndex((p, k) => near(p, [255, 0, 0], 2) && near(bottom[k]!, [0, 0, 0], 2));
    expect(paletteK).toBeGreaterThanOrEqual(0);
    // CMYK without an embedded profile round-trips through a generic one: close, not exact.
    expect(top.some((p) => near(p, [230, 120, 20], 40))).toBe(true);
    // The first frame (blue), not the second (yellow).
    expect(top.some((p) => near(p, [0, 0, 255], 8))).toBe(true);
    expect(top.some((p) => near(p, [255, 255, 0], 60))).toBe(false);
  });

  it('upscales images smaller than the size and says how many', async () => {
    const small = await rgbPng(20, 12, (x) => [x * 10, 0, 0]);
    const big = await rgbPng(100, 60, (x) => [x, 0, 0]);
    const dir = await folder({ 'a.png': small, 'b.png': small, 'c.png': big });
    // crop fits the shorter side (12 and 60 < 64); pad the longer one (20 < 64, 100 ≥ 64).
    expect((await loadImageFolder(dir, { size: 64, testFraction: 0 })).info.folder?.upscaled).toBe(3);
    expect((await loadImageFolder(dir, { size: 64, fit: 'pad', testFraction: 0 })).info.folder?.upscaled).toBe(2);
    expect((await loadImageFolder(dir, { size: 16, fit: 'pad', testFraction: 0 })).info.folder?.upscaled).toBe(0);
  });

  it('refuses sizes outside 16..128 and unknown fit, colour or background, naming what is allowed', async () => {
    const dir = await folder({ 'a.png': await rgbPng(16, 16, () => [1, 2, 3]) });
    for (const size of [15, 129, 32.5]) {
      const e = await errorOf(loadImageFolder(dir, { size }));
      expect(e.code).toBe('BAD_ARGUMENT');
      expect(e.message).toContain('from 16 to 128');
    }
    const bad = (o: object): Promise<ContractError> => errorOf(loadImageFolder(dir, o));
    expect((await bad({ fit: 'stretch' })).message).toBe('Fit must be one of crop, pad, got "stretch".');
    expect((await bad({ colour: 'grayscale' })).message).toBe(
      'Colour must be one of auto, grey, rgb, got "grayscale".',
    );
    expect((await bad({ background: 'red' })).message).toBe('Background must be one of black, white, got "red".');
    // 16 and 128 themselves are fine.
    expect((await loadImageFolder(dir, { size: 16 })).info.width).toBe(16);
    expect((await loadImageFolder(dir, { size: 128 })).info.width).toBe(128);
  });

  it('lists dangling symbolic links among the skipped files', async () => {
    const dir = await folder({ 'a.png': await rgbPng(16, 16, () => [9, 9, 9]) });
    await symlink(join(dir, 'gone.png'), join(dir, 'link.png'));
    const ds = await loadImageFolder(dir, { size: 16 });
    expect(ds.info.count).toBe(1);
    expect(ds.info.skipped).toHaveLength(1);
    expect(ds.info.skipped[0]!.file).toBe('link.png');
    expect(ds.info.skipped[0]!.reason).toMatch(/broken symbolic link.*gone\.png.*does not exist/);
  });

  it('keys the cache on size, fit, colour and background', async () => {
    const dir = await folder({
      'a.png': await rgbPng(40, 20, (x) => [x * 5, 0, 0]),
      'b.png': await rgbPng(20, 40, (_x, y) => [0, y * 5, 0]),
    });
    const cacheDir = join(tmp, 'cache');
    const base = { size: 32, fit: 'crop', colour: 'rgb', background: 'black' } as const;
    const first = await loadImageFolder(dir, base, { cacheDir });
    expect(first.fromCache).toBe(false);
    const again = await loadImageFolder(dir, { ...base }, { cacheDir });
    expect(again.fromCache).toBe(true);
    expect(again.info).toEqual(first.info);
    expect(Buffer.from(again.images.data).equals(Buffer.from(first.images.data))).toBe(true);
    for (const change of [{ size: 48 }, { fit: 'pad' }, { colour: 'grey' }, { background: 'white' }] as const) {
      const other = await loadImageFolder(dir, { ...base, ...change }, { cacheDir });
      expect(other.fromCache).toBe(false);
      // These opaque pictures look the same on either background; every other change shows.
      if (!('background' in change))
        expect(Buffer.from(other.images.data).equals(Buffer.from(first.images.data))).toBe(false);
    }
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.bin'))).toHaveLength(5);

    // A cache file cut short (disk full, killed mid-write by another tool) is ignored, not trusted.
    const file = join(
      cacheDir,
      (await readdir(cacheDir)).find((f) => f.endsWith('.bin'))!,
    );
    await truncate(file, 100);
    const reloaded = await Promise.all([
      loadImageFolder(dir, base, { cacheDir }),
      ...([{ size: 48 }, { fit: 'pad' }, { colour: 'grey' }, { background: 'white' }] as const).map((c) =>
        loadImageFolder(dir, { ...base, ...c }, { cacheDir }),
      ),
    ]);
    expect(reloaded.filter((d) => !d.fromCache)).toHaveLength(1);
    expect(reloaded[0]!.images.data).toEqual(first.images.data);
  });

  it('holds pixels as one 8-bit array of exactly count × size² × channels bytes', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 30; i++) files[`i${i}.png`] = await rgbPng(24, 24, () => [i * 8, 255 - i * 8, 7]);
    files['broken.png'] = Buffer.from('not a png');
    const ds = await loadImageFolder(await folder(files), { size: 24, testFraction: 0.2 });
    expect(ds.images.data).toBeInstanceOf(Uint8Array);
    expect(ds.images.data.byteLength).toBe(30 * 24 * 24 * 3);
    // Not a view into a bigger slab (the failed file's room was given back).
    expect(ds.images.data.buffer.byteLength).toBe(30 * 24 * 24 * 3);
    // Every image is whole and distinct after the in-place reordering.
    const reds = Array.from({ length: 30 }, (_, k) => pixel(ds.images, k, 12, 12)[0]!).sort((a, b) => a - b);
    expect(reds).toEqual(Array.from({ length: 30 }, (_, i) => i * 8));
  });

  it('reorders images in place like a copy would', () => {
    const size = 3;
    const count = 50;
    const data = Uint8Array.from({ length: size * count }, (_, i) => i % 251);
    const original = data.slice();
    const order = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    permuteInPlace(data, size, order);
    order.forEach((from, k) =>
      expect(Array.from(data.subarray(k * size, (k + 1) * size))).toEqual(
        Array.from(original.subarray(from * size, (from + 1) * size)),
      ),
    );
  });
});
