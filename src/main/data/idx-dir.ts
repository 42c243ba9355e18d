// IDX directories in the MNIST / Fashion-MNIST layout: train-images-idx3-ubyte[.gz] (+ labels) for
// training, t10k-* as test. Without t10k images, a seeded 10% of train is held out as test.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ContractError, type DatasetInfo, type DatasetSource } from '../../shared/contract.js';
import type { LoadContext, LoadedDataset } from './api.js';
import { throwIfAborted } from './abort.js';
import { applyLimit } from './batch.js';
import { readIdxImages, readIdxLabels } from './idx.js';
import { seededSplit } from './split.js';

export const FASHION_MNIST_LABELS = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

const HOLD_OUT_FRACTION = 0.1;
const HOLD_OUT_SEED = 0;

interface Split {
  n: number;
  height: number;
  width: number;
  images: Uint8Array;
  labels: Int32Array;
  hasLabels: boolean;
}

/** Finds `<prefix>-<kind>-ubyte[.gz]`, also the `<prefix>-<kind>.ubyte` spelling some mirrors use. */
function findFile(entries: string[], prefix: 'train' | 't10k', kind: 'images-idx3' | 'labels-idx1'): string | null {
  const [what, idx] = kind.split('-') as [string, string];
  const pattern = new RegExp(`^${prefix}-${what}[-.]${idx}-ubyte(\\.gz)?$`, 'i');
  const matches = entries.filter((e) => pattern.test(e)).sort();
  return matches[0] ?? null;
}

async function readSplit(
  dir: string,
  entries: string[],
  prefix: 'train' | 't10k',
  hash: ReturnType<typeof createHash>,
): Promise<Split | null> {
  const imageFile = findFile(entries, prefix, 'images-idx3');
  if (!imageFile) return null;
  const images = await readIdxImages(join(dir, imageFile));
  hash.update(`${prefix}-images:${images.n}x${images.height}x${images.width}\n`).update(images.data);
  const labelFile = findFile(entries, prefix, 'labels-idx1');
  const labels = new Int32Array(images.n).fill(-1);
  if (labelFile) {
    const raw = await readIdxLabels(join(dir, labelFile));
    if (raw.length !== images.n) {
      throw new ContractError(
        'IDX_INVALID',
        `${labelFile} has ${raw.length} labels but ${imageFile} has ${images.n} images; they must match.`,
      );
    }
    hash.update(`${prefix}-labels\n`).update(raw);
    labels.set(raw);
  }
  return { ...images, images: images.data, labels, hasLabels: labelFile !== null };
}

export interface IdxIdentity {
  source: DatasetSource;
  name: string;
  /** Forced label names (the built-in MNIST always has "0".."9"). */
  labelNames?: string[];
}

/** Loads an IDX directory; `identity` lets the built-in MNIST present itself under its own name. */
export async function loadIdxDirAs(
  dir: string,
  ctx: LoadContext,
  identity: IdxIdentity | null,
): Promise<LoadedDataset> {
  const path = resolve(dir);
  const st = await stat(path).catch(() => null);
  if (!st?.isDirectory()) throw new ContractError('NOT_FOUND', `No folder at ${path}.`);
  const entries = await readdir(path);
  throwIfAborted(ctx.signal);
  const hash = createHash('sha256');
  ctx.onProgress?.(0, 2, 'reading');
  const train = await readSplit(path, entries, 'train', hash);
  if (!train) {
    throw new ContractError(
      'NOT_FOUND',
      `${path} holds no train-images-idx3-ubyte (or .gz) file; an IDX folder needs one (t10k-* files are the test split).`,
    );
  }
  throwIfAborted(ctx.signal);
  ctx.onProgress?.(1, 2, 'reading');
  const test = await readSplit(path, entries, 't10k', hash);
  throwIfAborted(ctx.signal);
  ctx.onProgress?.(2, 2, 'reading');
  if (test && (test.height !== train.height || test.width !== train.width)) {
    throw new ContractError(
      'IDX_INVALID',
      `The t10k images are ${test.height}×${test.width} but the train images are ${train.height}×${train.width}.`,
    );
  }

  const pixels = train.height * train.width;
  let images: Uint8Array;
  let labels: Int32Array;
  let trainCount: number;
  if (test) {
    images = new Uint8Array((train.n + test.n) * pixels);
    images.set(train.images, 0);
    images.set(test.images, train.n * pixels);
    labels = new Int32Array(train.n + test.n);
    labels.set(train.labels, 0);
    labels.set(test.labels, train.n);
    trainCount = train.n;
  } else {
    const split = seededSplit(train.n, HOLD_OUT_FRACTION, HOLD_OUT_SEED);
    const order = [...split.train, ...split.test];
    images = new Uint8Array(train.n * pixels);
    labels = new Int32Array(train.n);
    order.forEach((from, to) => {
      images.set(train.images.subarray(from * pixels, (from + 1) * pixels), to * pixels);
      labels[to] = train.labels[from]!;
    });
    trainCount = split.train.length;
  }

  const hasLabels = train.hasLabels || (test?.hasLabels ?? false);
  let labelNames: string[] = [];
  if (identity?.labelNames) labelNames = identity.labelNames;
  else if (hasLabels && /fashion/i.test(path)) labelNames = FASHION_MNIST_LABELS;
  else if (hasLabels) {
    const max = labels.reduce((m, l) => Math.max(m, l), -1);
    labelNames = Array.from({ length: max + 1 }, (_, i) => String(i));
  }
  const bad = labels.findIndex((l) => l >= labelNames.length);
  if (bad >= 0) {
    throw new ContractError(
      'IDX_INVALID',
      `Label ${labels[bad]} of image ${bad} is outside the ${labelNames.length} known classes.`,
    );
  }

  const info: DatasetInfo = {
    fingerprint: `idx-${hash.digest('hex').slice(0, 32)}`,
    source: identity?.source ?? { kind: 'idx', path },
    name: identity?.name ?? basename(path),
    count: labels.length,
    trainCount,
    testCount: labels.length - trainCount,
    height: train.height,
    width: train.width,
    channels: 1,
    labelNames,
    skipped: [],
  };
  const dataset: LoadedDataset = {
    info,
    images: { data: images, n: labels.length, height: train.height, width: train.width, channels: 1 },
    labels,
    fileNames: null,
  };
  return applyLimit(dataset, ctx.limit);
}

export function loadIdxDir(dir: string, ctx: LoadContext = {}): Promise<LoadedDataset> {
  return loadIdxDirAs(dir, ctx, null);
}
