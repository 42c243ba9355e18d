// The decoded-folder cache: one compact binary file per key, written atomically (temp + rename).
// Layout: "LEXCACH1" | u32 LE header length | JSON header {key, info, fileNames} | pad to 4 |
// Int32 LE labels | pixels. File names sit in the header: 70,000 names are ~2 MB of JSON, parsed once.
// The key covers the folder path, the load options (size, fit, colour, background, split) and every candidate file's path, size and
// mtime, so any change to the folder makes a new key (stale files are simply never read again).
import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetInfo } from '../../shared/contract.js';
import type { LoadedDataset } from './api.js';
import type { ScanResult } from './folder-scan.js';

const MAGIC = 'LEXCACH1';
/**
 * 2: fit, colour and background in the key; the load report in the header. 3: file names in the
 * header (the version is in the key, so a version-2 file is never opened and its folder decodes again).
 */
const FORMAT_VERSION = 3;
/** Pixels are read and written in parts of this many bytes. */
const CHUNK = 16 << 20;

export function folderCacheKey(root: string, options: object, scan: ScanResult): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ v: FORMAT_VERSION, root, options }));
  for (const f of scan.files) hash.update(`\n${f.rel}\t${f.size}\t${f.mtimeMs}`);
  for (const s of scan.skipped) hash.update(`\nskip:${s.file}`);
  return hash.digest('hex');
}

function cacheFile(cacheDir: string, key: string): string {
  return join(cacheDir, `folder-${key.slice(0, 40)}.bin`);
}

export async function readFolderCache(cacheDir: string, key: string): Promise<LoadedDataset | null> {
  let file: FileHandle;
  try {
    file = await open(cacheFile(cacheDir, key), 'r');
  } catch {
    return null;
  }
  try {
    // Read in parts straight into the typed arrays: a big folder's pixels are never held twice.
    const fileSize = (await file.stat()).size;
    const prefix = await readExactly(file, 0, 12);
    if (!prefix || prefix.toString('latin1', 0, 8) !== MAGIC) return null;
    const headerLength = prefix.readUInt32LE(8);
    const headerBytes = await readExactly(file, 12, headerLength);
    if (!headerBytes) return null;
    const header = JSON.parse(headerBytes.toString('utf8')) as { key: string; info: DatasetInfo; fileNames?: unknown };
    if (header.key !== key) return null;
    const { info, fileNames } = header;
    // A header without one name per image is not ours to trust: decode the folder again.
    if (!isNames(fileNames, info.count)) return null;
    const labelsStart = Math.ceil((12 + headerLength) / 4) * 4;
    const pixelsStart = labelsStart + info.count * 4;
    const pixelCount = info.count * info.height * info.width * info.channels;
    if (fileSize !== pixelsStart + pixelCount) return null;
    const labelBytes = await readExactly(file, labelsStart, info.count * 4);
    if (!labelBytes) return null;
    const labels = new Int32Array(info.count);
    for (let i = 0; i < info.count; i++) labels[i] = labelBytes.readInt32LE(4 * i);
    const data = new Uint8Array(pixelCount);
    for (let at = 0; at < pixelCount;) {
      const { bytesRead } = await file.read(data, at, Math.min(CHUNK, pixelCount - at), pixelsStart + at);
      if (bytesRead === 0) return null;
      at += bytesRead;
    }
    return {
      info,
      labels,
      images: { data, n: info.count, height: info.height, width: info.width, channels: info.channels },
      fileNames,
    };
  } catch {
    return null;
  } finally {
    await file.close();
  }
}

function isNames(value: unknown, count: number): value is string[] {
  return Array.isArray(value) && value.length === count && value.every((v) => typeof v === 'string');
}

async function readExactly(file: FileHandle, position: number, length: number): Promise<Buffer | null> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : null;
}

export async function writeFolderCache(cacheDir: string, key: string, dataset: LoadedDataset): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const header = Buffer.from(JSON.stringify({ key, info: dataset.info, fileNames: dataset.fileNames }), 'utf8');
  const labelsStart = Math.ceil((12 + header.length) / 4) * 4;
  const head = Buffer.alloc(labelsStart);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, 8);
  header.copy(head, 12);
  const labels = Buffer.alloc(dataset.labels.length * 4);
  dataset.labels.forEach((l, i) => labels.writeInt32LE(l, 4 * i));
  const target = cacheFile(cacheDir, key);
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // Written part by part (no concatenated copy of the pixels).
    const file = await open(temp, 'w');
    try {
      // writeFile on a handle writes everything from the current position (looping over short writes).
      await file.writeFile(Buffer.concat([head, labels]));
      await file.writeFile(dataset.images.data);
    } finally {
      await file.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function folderCachePath(cacheDir: string, key: string): string {
  return cacheFile(cacheDir, key);
}
