// File names per image (issue 12): real Debian Oxygen icons copied into label sub-folders; each
// loaded image must sit next to the path of the file it was decoded from, after the split, the
// limit and a cache round trip.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './folder-decode.js';
import { loadBuiltinMnist, loadImageFolder, type LoadedDataset } from './index.js';

const ICONS = '/usr/share/icons/oxygen/base/32x32';
/** A name a CSV must quote and a shell would choke on: comma, double quote, newline, non-ASCII. */
const ODD_NAME = 'odd, "quoted"\nnamé.png';
const SIZE = 32;

let tmp: string;
let dir: string;
/** Every image file copied in, relative to `dir`. */
let expected: string[];

async function copyIcons(from: string, to: string, count: number): Promise<string[]> {
  await mkdir(to, { recursive: true });
  const names = (await readdir(from)).filter((n) => n.endsWith('.png')).slice(0, count);
  for (const n of names) await copyFile(join(from, n), join(to, n));
  return names;
}

/** Checks that image k holds exactly the pixels of the file fileNames[k] (same decode settings). */
async function expectAligned(ds: LoadedDataset): Promise<void> {
  const names = ds.fileNames!;
  expect(names).toHaveLength(ds.info.count);
  const bytes = SIZE * SIZE * 3;
  for (const [k, name] of names.entries()) {
    const { pixels } = await decodeImage(await readFile(join(dir, name)), {
      size: SIZE,
      channels: 3,
      fit: 'crop',
      background: 'black',
    });
    const loaded = ds.images.data.subarray(k * bytes, (k + 1) * bytes);
    expect(Buffer.from(loaded).equals(Buffer.from(pixels)), `image ${k} is ${name}`).toBe(true);
    const label = ds.labels[k]!;
    const top = name.includes('/') ? name.slice(0, name.indexOf('/')) : null;
    expect(label < 0 ? null : ds.info.labelNames[label]).toBe(top);
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lex-names-'));
  dir = join(tmp, 'icons');
  const faces = await copyIcons(join(ICONS, 'emotes'), join(dir, 'faces'), 8);
  const devices = await copyIcons(join(ICONS, 'devices'), join(dir, 'devices'), 6);
  const nested = await copyIcons(join(ICONS, 'places'), join(dir, 'devices', 'more'), 2);
  await copyFile(join(ICONS, 'emotes', faces[0]!), join(dir, 'faces', ODD_NAME));
  await copyFile(join(ICONS, 'places', nested[0]!), join(dir, 'loose.png'));
  // A file that cannot be decoded is skipped and must not shift the names of the others.
  await writeFile(join(dir, 'faces', 'a-broken.png'), 'not a png');
  expected = [
    ...faces.map((n) => `faces/${n}`),
    `faces/${ODD_NAME}`,
    ...devices.map((n) => `devices/${n}`),
    ...nested.map((n) => `devices/more/${n}`),
    'loose.png',
  ];
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('file names of folder images', () => {
  it('names each image by its path in the folder, in the images’ order after the split', async () => {
    const ds = await loadImageFolder(dir, { size: SIZE, testFraction: 0.25, seed: 5 });
    expect(ds.info).toMatchObject({ count: expected.length, channels: 3, testCount: 5 });
    expect(ds.info.skipped.map((s) => s.file)).toEqual(['faces/a-broken.png']);
    expect([...ds.fileNames!].sort()).toEqual([...expected].sort());
    // The split moved images: the order is not the plain path order, and the names followed them.
    expect(ds.fileNames).not.toEqual([...expected].sort());
    await expectAligned(ds);
  });

  it('keeps the names of the images a limit keeps', async () => {
    const ds = await loadImageFolder(dir, { size: SIZE, testFraction: 0.25, seed: 5 }, { limit: 5 });
    expect(ds.info).toMatchObject({ trainCount: 5, testCount: 2 });
    await expectAligned(ds);
  });

  it('stores the names in the cache and reads them back; a cache without names is decoded again', async () => {
    const cacheDir = join(tmp, 'cache');
    const first = await loadImageFolder(dir, { size: SIZE, testFraction: 0.25, seed: 5 }, { cacheDir });
    expect(first.fromCache).toBe(false);
    const second = await loadImageFolder(dir, { size: SIZE, testFraction: 0.25, seed: 5 }, { cacheDir });
    expect(second.fromCache).toBe(true);
    expect(second.fileNames).toEqual(first.fileNames);
    await expectAligned(second);

    // What a cache written before file names were kept looks like: the same file, no names in its header.
    const [bin] = (await readdir(cacheDir)).filter((f) => f.endsWith('.bin'));
    const path = join(cacheDir, bin!);
    const bytes = await readFile(path);
    const headerLength = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Record<string, unknown>;
    delete header.fileNames;
    const rest = bytes.subarray(Math.ceil((12 + headerLength) / 4) * 4);
    const newHeader = Buffer.from(JSON.stringify(header), 'utf8');
    const head = Buffer.alloc(Math.ceil((12 + newHeader.length) / 4) * 4);
    bytes.copy(head, 0, 0, 8);
    head.writeUInt32LE(newHeader.length, 8);
    newHeader.copy(head, 12);
    await writeFile(path, Buffer.concat([head, rest]));
    const third = await loadImageFolder(dir, { size: SIZE, testFraction: 0.25, seed: 5 }, { cacheDir });
    expect(third.fromCache).toBe(false);
    expect(third.fileNames).toEqual(first.fileNames);
  });

  it('has no file names for MNIST', async () => {
    const mnist = await loadBuiltinMnist(resolve('resources'), { limit: 50 });
    expect(mnist.fileNames).toBeNull();
  });
});
