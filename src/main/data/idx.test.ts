import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../shared/contract.js';
import { FASHION_MNIST_LABELS, loadIdxDir, parseIdx } from './index.js';
import { skipTitle } from '../test-skip.js';

const MNIST = resolve('resources/mnist');
const FASHION = '/usr/share/datasets/fashion-mnist';

function idxImages(n: number, h: number, w: number, fill: (i: number) => number): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(0x0803, 0);
  head.writeUInt32BE(n, 4);
  head.writeUInt32BE(h, 8);
  head.writeUInt32BE(w, 12);
  return Buffer.concat([head, Buffer.from(Array.from({ length: n * h * w }, (_, i) => fill(i)))]);
}
function idxLabels(labels: number[]): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(0x0801, 0);
  head.writeUInt32BE(labels.length, 4);
  return Buffer.concat([head, Buffer.from(labels)]);
}

async function codeOf(p: Promise<unknown>): Promise<[string, string]> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ContractError);
  return [(e as ContractError).code, (e as ContractError).message];
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lex-idx-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('parseIdx', () => {
  it('reads the real MNIST resource files: dims and pixel bytes', async () => {
    const bytes = gunzipSync(await readFile(join(MNIST, 't10k-images-idx3-ubyte.gz')));
    const { dims, data } = parseIdx(bytes, 't10k-images-idx3-ubyte', 3);
    expect(dims).toEqual([1000, 28, 28]);
    expect(data.length).toBe(1000 * 784);
    // Digits are white on black: corners empty, some pixels at full ink.
    expect(data[0]).toBe(0);
    expect(Math.max(...data.subarray(0, 784))).toBeGreaterThan(200);
    const labels = parseIdx(gunzipSync(await readFile(join(MNIST, 't10k-labels-idx1-ubyte.gz'))), 'l', 1);
    expect(labels.dims).toEqual([1000]);
    expect(Math.max(...labels.data)).toBe(9);
  });

  it('rejects a bad magic number, a wrong rank and a truncated file with IDX_INVALID naming the file', () => {
    const good = idxImages(2, 3, 3, (i) => i);
    const badMagic = Buffer.from(good);
    badMagic[0] = 0x50;
    expect(() => parseIdx(badMagic, '/x/bad-magic-idx3', 3)).toThrow(/bad-magic-idx3.*magic/);
    expect(() => parseIdx(good, 'rank', 1)).toThrow(/3 dimensions, expected 1/);
    try {
      parseIdx(good.subarray(0, good.length - 5), 'short-file', 3);
      expect.unreachable();
    } catch (e) {
      expect((e as ContractError).code).toBe('IDX_INVALID');
      expect((e as ContractError).message).toMatch(/short-file.*need 18 data bytes but the file has 13 \(truncated\)/);
    }
  });
});

describe('loadIdxDir', () => {
  it('loads a raw (not gzipped) train + t10k directory, train first', async () => {
    const dir = join(tmp, 'raw');
    await mkdir(dir);
    await writeFile(
      join(dir, 'train-images-idx3-ubyte'),
      idxImages(4, 2, 2, (i) => i),
    );
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabels([0, 1, 2, 1]));
    await writeFile(
      join(dir, 't10k-images-idx3-ubyte'),
      idxImages(1, 2, 2, () => 200),
    );
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), idxLabels([2]));
    const ds = await loadIdxDir(dir);
    expect(ds.info).toMatchObject({ count: 5, trainCount: 4, testCount: 1, height: 2, width: 2, channels: 1 });
    expect(ds.info.labelNames).toEqual(['0', '1', '2']);
    expect(ds.info.source).toEqual({ kind: 'idx', path: dir });
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 1, 2]);
    expect(Array.from(ds.images.data.subarray(4, 8))).toEqual([4, 5, 6, 7]);
    expect(Array.from(ds.images.data.subarray(16, 20))).toEqual([200, 200, 200, 200]);
  });

  it('holds out a seeded 10% when there is no t10k file; no label file means no labels', async () => {
    const dir = join(tmp, 'nolabels');
    await mkdir(dir);
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idxImages(50, 1, 1, (i) => i)));
    const a = await loadIdxDir(dir);
    const b = await loadIdxDir(dir);
    expect(a.info).toMatchObject({ trainCount: 45, testCount: 5, labelNames: [] });
    expect(Array.from(a.labels).every((l) => l === -1)).toBe(true);
    expect(Array.from(a.images.data)).toEqual(Array.from(b.images.data));
    // Every image once, and the held-out ones are not simply the last five.
    expect([...a.images.data].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(a.images.data.subarray(45))).not.toEqual([45, 46, 47, 48, 49]);
    expect(a.info.fingerprint).toBe(b.info.fingerprint);
  });

  it('names Fashion-MNIST classes when the folder name says fashion', async () => {
    const dir = join(tmp, 'my-Fashion-set');
    await mkdir(dir);
    await writeFile(
      join(dir, 'train-images-idx3-ubyte'),
      idxImages(3, 2, 2, () => 9),
    );
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabels([0, 9, 1]));
    const ds = await loadIdxDir(dir);
    expect(ds.info.labelNames).toEqual(FASHION_MNIST_LABELS);
    expect(ds.info.labelNames[1]).toBe('Trouser');
  });

  it('rejects labels that do not match the images, a truncated .gz file, and a folder without train images', async () => {
    const dir = join(tmp, 'mismatch');
    await mkdir(dir);
    await writeFile(
      join(dir, 'train-images-idx3-ubyte'),
      idxImages(3, 2, 2, () => 1),
    );
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabels([0, 1]));
    const [code, message] = await codeOf(loadIdxDir(dir));
    expect(code).toBe('IDX_INVALID');
    expect(message).toMatch(/2 labels.*3 images/);

    const gz = join(tmp, 'truncated-gz');
    await mkdir(gz);
    const zipped = gzipSync(idxImages(10, 4, 4, (i) => i % 256));
    await writeFile(join(gz, 'train-images-idx3-ubyte.gz'), zipped.subarray(0, zipped.length - 20));
    expect((await codeOf(loadIdxDir(gz)))[0]).toBe('IDX_INVALID');

    expect(await codeOf(loadIdxDir(tmp))).toEqual(['NOT_FOUND', expect.stringMatching(/train-images-idx3-ubyte/)]);
    expect((await codeOf(loadIdxDir(join(tmp, 'missing'))))[0]).toBe('NOT_FOUND');
  });

  it.skipIf(!existsSync(FASHION))(
    skipTitle(
      'loads the installed Fashion-MNIST with its class names and a limit',
      existsSync(FASHION) ? null : `${FASHION} is missing (apt-get install -y dataset-fashion-mnist)`,
    ),
    async () => {
      const ds = await loadIdxDir(FASHION, { limit: 600 });
      expect(ds.info).toMatchObject({ trainCount: 600, testCount: 100, height: 28, width: 28, name: 'fashion-mnist' });
      expect(ds.info.labelNames).toEqual(FASHION_MNIST_LABELS);
      expect(new Set(ds.labels).size).toBe(10);
      // IDX images come from one file each: they have no file names of their own.
      expect(ds.fileNames).toBeNull();
    },
  );
});
