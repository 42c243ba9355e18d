// Image folders: scan → (cache hit | concurrent decode → colour decision → split) → cache → limit.
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ContractError, type DatasetInfo, type FolderOptions, type SkippedFile } from '../../shared/contract.js';
import type { LoadContext, LoadedDataset } from './api.js';
import { throwIfAborted } from './abort.js';
import { applyLimit } from './batch.js';
import { folderCacheKey, readFolderCache, writeFolderCache } from './folder-cache.js';
import { decodeFailureReason, decodeImage, isGreyRgb, rgbToGrey } from './folder-decode.js';
import { DEFAULT_GREY_SIZE, DEFAULT_RGB_SIZE, resolveFolderOptions } from './folder-options.js';
import { DECODABLE_EXTENSIONS, scanFolder, type ScannedFile } from './folder-scan.js';
import { runPool } from './pool.js';
import { seededSplit } from './split.js';

/** sharp decodes on libuv's 4 threads: about that many in flight keeps them busy. */
const DECODE_CONCURRENCY = 4;
const labelCollator = new Intl.Collator('en', { numeric: true });

interface Decoded {
  grey?: Uint8Array;
  rgb?: Uint8Array;
}

export async function loadImageFolder(
  dir: string,
  options: FolderOptions = {},
  ctx: LoadContext = {},
): Promise<LoadedDataset> {
  const root = resolve(dir);
  const opts = resolveFolderOptions(options);
  const st = await stat(root).catch(() => null);
  if (!st) throw new ContractError('NOT_FOUND', `No folder at ${root}.`);
  if (!st.isDirectory()) throw new ContractError('NOT_FOUND', `${root} is a file, not a folder of images.`);
  const { signal, onProgress } = ctx;

  onProgress?.(0, 0, 'scanning');
  const scan = await scanFolder(root, signal);
  throwIfAborted(signal);
  const key = folderCacheKey(root, opts, scan);
  if (ctx.cacheDir) {
    const cached = await readFolderCache(ctx.cacheDir, key);
    throwIfAborted(signal);
    if (cached) {
      onProgress?.(cached.info.count, cached.info.count, 'cache');
      return { ...applyLimit(cached, ctx.limit), fromCache: true };
    }
  }
  if (scan.files.length === 0) {
    const exts = [...DECODABLE_EXTENSIONS].map((e) => e.slice(1)).join(', ');
    const what = scan.seenFiles === 0 ? 'no files at all' : `${scan.seenFiles} file(s), none of them a ${exts} image`;
    throw new ContractError('DATASET_EMPTY', `No images to load in ${root}: found ${what}.`);
  }

  // Colour 'auto' decodes at the grayscale size while every image so far is grey; at the first
  // colour image it switches to RGB, and the grey ones decoded before are decoded again at the end.
  const greySize = opts.size ?? DEFAULT_GREY_SIZE;
  const rgbSize = opts.size ?? (opts.color === 'grayscale' ? DEFAULT_GREY_SIZE : DEFAULT_RGB_SIZE);
  let allGrey = opts.color !== 'rgb';
  const decoded: (Decoded | null)[] = new Array<Decoded | null>(scan.files.length).fill(null);
  const failures: SkippedFile[] = [];
  let done = 0;
  const total = scan.files.length;
  onProgress?.(0, total, 'decoding');

  const decodeOne = async (file: ScannedFile, index: number): Promise<void> => {
    try {
      const bytes = await readFile(file.abs);
      if (opts.color === 'grayscale') {
        decoded[index] = { grey: await decodeImage(bytes, greySize, 1) };
      } else if (allGrey) {
        const rgb = await decodeImage(bytes, greySize, 3);
        if (isGreyRgb(rgb))
          decoded[index] = greySize === rgbSize ? { grey: rgbToGrey(rgb), rgb } : { grey: rgbToGrey(rgb) };
        else {
          allGrey = false;
          decoded[index] = { rgb: greySize === rgbSize ? rgb : await decodeImage(bytes, rgbSize, 3) };
        }
      } else {
        decoded[index] = { rgb: await decodeImage(bytes, rgbSize, 3) };
      }
    } catch (error) {
      failures.push({ file: file.rel, reason: decodeFailureReason(error) });
    }
    done++;
    if (!signal?.aborted) onProgress?.(done, total, 'decoding');
  };
  await runPool(scan.files, DECODE_CONCURRENCY, decodeOne, signal);

  const good = scan.files.map((_, i) => i).filter((i) => decoded[i] !== null);
  const skipped = [...scan.skipped, ...failures].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (good.length === 0) {
    const example = skipped[0] ? ` (e.g. ${skipped[0].file}: ${skipped[0].reason})` : '';
    throw new ContractError('DATASET_EMPTY', `None of the ${total} image file(s) in ${root} could be read${example}.`);
  }

  if (!allGrey) {
    const redo = good.filter((i) => !decoded[i]!.rgb);
    let redone = 0;
    await runPool(
      redo,
      DECODE_CONCURRENCY,
      async (i) => {
        decoded[i] = { rgb: await decodeImage(await readFile(scan.files[i]!.abs), rgbSize, 3) };
        onProgress?.(++redone, redo.length, 'decoding (colour)');
      },
      signal,
    );
  }

  const channels: 1 | 3 = allGrey ? 1 : 3;
  const size = allGrey ? greySize : rgbSize;
  const names = [...new Set(good.map((i) => scan.files[i]!.labelName).filter((n): n is string => n !== null))];
  names.sort(labelCollator.compare);
  const labelOf = new Map(names.map((n, i) => [n, i]));

  const split = seededSplit(good.length, opts.testFraction, opts.seed);
  const order = [...split.train, ...split.test].map((k) => good[k]!);
  const pixels = size * size * channels;
  const data = new Uint8Array(order.length * pixels);
  const labels = new Int32Array(order.length);
  order.forEach((fileIndex, k) => {
    const d = decoded[fileIndex]!;
    data.set(channels === 1 ? d.grey! : d.rgb!, k * pixels);
    const name = scan.files[fileIndex]!.labelName;
    labels[k] = name === null ? -1 : labelOf.get(name)!;
  });

  const info: DatasetInfo = {
    fingerprint: `folder-${key.slice(0, 32)}`,
    source: { kind: 'folder', path: root },
    name: basename(root),
    count: order.length,
    trainCount: split.train.length,
    testCount: split.test.length,
    height: size,
    width: size,
    channels,
    labelNames: names,
    skipped,
  };
  const dataset: LoadedDataset = {
    info,
    labels,
    images: { data, n: order.length, height: size, width: size, channels },
  };
  if (ctx.cacheDir) {
    throwIfAborted(signal);
    // A cache that cannot be written (read-only disk, full) costs speed next time, not this load.
    await writeFolderCache(ctx.cacheDir, key, dataset).catch(() => undefined);
  }
  return { ...applyLimit(dataset, ctx.limit), fromCache: false };
}
