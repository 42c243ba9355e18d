// Image folders: scan → (cache hit | concurrent decode into 8-bit slabs → colour decision → split) →
// cache → limit.
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  ContractError,
  type DatasetInfo,
  type FolderLoadReport,
  type FolderOptions,
  type SkippedFile,
} from '../../shared/contract.js';
import type { LoadContext, LoadedDataset } from './api.js';
import { throwIfAborted } from './abort.js';
import { applyLimit } from './batch.js';
import { folderCacheKey, readFolderCache, writeFolderCache } from './folder-cache.js';
import {
  decodeFailureReason,
  decodeImage,
  isGreyRgb,
  NOTE_NAMES,
  rgbToGreyInto,
  type DecodeSpec,
  type ImageNotes,
} from './folder-decode.js';
import { DEFAULT_GREY_SIZE, DEFAULT_RGB_SIZE, resolveFolderOptions } from './folder-options.js';
import { DECODABLE_EXTENSIONS, scanFolder, type ScannedFile } from './folder-scan.js';
import { assemble, Slab } from './folder-slab.js';
import { runPool } from './pool.js';
import { seededSplit } from './split.js';

/** sharp decodes on libuv's 4 threads: about that many in flight keeps them busy. */
const DECODE_CONCURRENCY = 4;
const labelCollator = new Intl.Collator('en', { numeric: true });
/** Where a file's pixels are: not decoded (failed or not yet), the grey slab, the RGB slab. */
const NONE = 0;
const GREY = 1;
const RGB = 2;

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

  // Colour 'auto' decodes at the grey size while every image so far is grey; at the first colour
  // image it switches to RGB, and the grey ones decoded before are decoded again at the end. When
  // both sizes agree, auto keeps RGB pixels and turns them grey at the end if no colour showed up.
  const greySize = opts.size ?? DEFAULT_GREY_SIZE;
  const rgbSize = opts.size ?? (opts.colour === 'grey' ? DEFAULT_GREY_SIZE : DEFAULT_RGB_SIZE);
  const total = scan.files.length;
  const greyInRgb = opts.colour === 'auto' && greySize === rgbSize;
  let allGrey = opts.colour !== 'rgb';
  let greySlab: Slab | null = null;
  let rgbSlab: Slab | null = null;
  const greySlabNow = (): Slab => (greySlab ??= new Slab(total, greySize * greySize));
  const rgbSlabNow = (): Slab => (rgbSlab ??= new Slab(total, rgbSize * rgbSize * 3));
  /** Per file: where its pixels are (NONE until decoded). */
  const kind = new Uint8Array(total);
  /** Per file: one bit per NOTE_NAMES entry, from its last decode. */
  const noteBits = new Uint8Array(total);
  const spec = (size: number, channels: 1 | 3): DecodeSpec => ({
    size,
    channels,
    fit: opts.fit,
    background: opts.background,
  });
  const store = (
    index: number,
    slab: Slab,
    where: number,
    decoded: { pixels: Uint8Array; notes: ImageNotes },
  ): void => {
    slab.put(index, decoded.pixels);
    kind[index] = where;
    noteBits[index] = NOTE_NAMES.reduce((bits, name, b) => (decoded.notes[name] ? bits | (1 << b) : bits), 0);
  };
  const failures: SkippedFile[] = [];
  let done = 0;
  onProgress?.(0, total, 'decoding');

  const decodeOne = async (file: ScannedFile, index: number): Promise<void> => {
    try {
      const bytes = await readFile(file.abs);
      if (opts.colour === 'grey') {
        store(index, greySlabNow(), GREY, await decodeImage(bytes, spec(greySize, 1)));
      } else if (!allGrey) {
        store(index, rgbSlabNow(), RGB, await decodeImage(bytes, spec(rgbSize, 3)));
      } else {
        const decoded = await decodeImage(bytes, spec(greySize, 3));
        const grey = isGreyRgb(decoded.pixels);
        if (!grey) allGrey = false;
        if (greyInRgb) store(index, rgbSlabNow(), RGB, decoded);
        else if (grey) {
          rgbToGreyInto(decoded.pixels, decoded.pixels, 0);
          store(index, greySlabNow(), GREY, { ...decoded, pixels: decoded.pixels.subarray(0, greySize * greySize) });
        } else store(index, rgbSlabNow(), RGB, await decodeImage(bytes, spec(rgbSize, 3)));
      }
    } catch (error) {
      failures.push({ file: file.rel, reason: decodeFailureReason(error) });
    }
    done++;
    if (!signal?.aborted) onProgress?.(done, total, 'decoding');
  };
  await runPool(scan.files, DECODE_CONCURRENCY, decodeOne, signal);

  const good = scan.files.map((_, i) => i).filter((i) => kind[i] !== NONE);
  const skipped = [...scan.skipped, ...failures].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (good.length === 0) {
    const example = skipped[0] ? ` (e.g. ${skipped[0].file}: ${skipped[0].reason})` : '';
    throw new ContractError('DATASET_EMPTY', `None of the ${total} image file(s) in ${root} could be read${example}.`);
  }

  if (!allGrey) {
    const redo = good.filter((i) => kind[i] !== RGB);
    let redone = 0;
    await runPool(
      redo,
      DECODE_CONCURRENCY,
      async (i) => {
        store(i, rgbSlabNow(), RGB, await decodeImage(await readFile(scan.files[i]!.abs), spec(rgbSize, 3)));
        onProgress?.(++redone, redo.length, 'decoding (colour)');
      },
      signal,
    );
    greySlab = null;
  }
  throwIfAborted(signal);

  const channels: 1 | 3 = allGrey ? 1 : 3;
  const size = allGrey ? greySize : rgbSize;
  const names = [...new Set(good.map((i) => scan.files[i]!.labelName).filter((n): n is string => n !== null))];
  names.sort(labelCollator.compare);
  const labelOf = new Map(names.map((n, i) => [n, i]));

  const split = seededSplit(good.length, opts.testFraction, opts.seed);
  const order = [...split.train, ...split.test];
  const fromRgb = kind[good[0]!] === RGB;
  const data = assemble((fromRgb ? rgbSlab : greySlab)!, good, order, fromRgb && channels === 1);
  greySlab = rgbSlab = null;
  const labels = new Int32Array(order.length);
  order.forEach((k, position) => {
    const name = scan.files[good[k]!]!.labelName;
    labels[position] = name === null ? -1 : labelOf.get(name)!;
  });
  // In the images' order (train then test, after the split): image k was the file at good[order[k]].
  const fileNames = order.map((k) => scan.files[good[k]!]!.rel);
  const counts = NOTE_NAMES.map((_, b) => good.reduce((n, i) => n + ((noteBits[i]! >> b) & 1), 0));
  const folder: FolderLoadReport = {
    settings: { size, fit: opts.fit, colour: allGrey ? 'grey' : 'rgb', background: opts.background },
    ...(Object.fromEntries(NOTE_NAMES.map((name, b) => [name, counts[b]!])) as Record<
      (typeof NOTE_NAMES)[number],
      number
    >),
  };

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
    folder,
  };
  const dataset: LoadedDataset = {
    info,
    labels,
    images: { data, n: order.length, height: size, width: size, channels },
    fileNames,
  };
  if (ctx.cacheDir) {
    throwIfAborted(signal);
    // A cache that cannot be written (read-only disk, full) costs speed next time, not this load.
    await writeFolderCache(ctx.cacheDir, key, dataset).catch(() => undefined);
  }
  return { ...applyLimit(dataset, ctx.limit), fromCache: false };
}
