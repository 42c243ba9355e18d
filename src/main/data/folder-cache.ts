// The decoded-folder cache: one compact binary file per key, written atomically (temp + rename).
// Layout: "LEXCACH1" | u32 LE header length | JSON header | pad to 4 | Int32 LE labels | pixels.
// The key covers the folder path, the load options and every candidate file's path, size and
// mtime, so any change to the folder makes a new key (stale files are simply never read again).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetInfo } from '../../shared/contract.js';
import type { LoadedDataset } from './api.js';
import type { ScanResult } from './folder-scan.js';

const MAGIC = 'LEXCACH1';
const FORMAT_VERSION = 1;

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
  let bytes: Buffer;
  try {
    bytes = await readFile(cacheFile(cacheDir, key));
  } catch {
    return null;
  }
  try {
    if (bytes.toString('latin1', 0, 8) !== MAGIC) return null;
    const headerLength = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as { key: string; info: DatasetInfo };
    if (header.key !== key) return null;
    const { info } = header;
    const labelsStart = Math.ceil((12 + headerLength) / 4) * 4;
    const pixelsStart = labelsStart + info.count * 4;
    const pixelCount = info.count * info.height * info.width * info.channels;
    if (bytes.length !== pixelsStart + pixelCount) return null;
    // Copies: the file buffer may come from Node's shared pool, and Int32Array needs alignment.
    const labels = new Int32Array(info.count);
    for (let i = 0; i < info.count; i++) labels[i] = bytes.readInt32LE(labelsStart + 4 * i);
    const data = new Uint8Array(pixelCount);
    data.set(bytes.subarray(pixelsStart));
    return {
      info,
      labels,
      images: { data, n: info.count, height: info.height, width: info.width, channels: info.channels },
    };
  } catch {
    return null;
  }
}

export async function writeFolderCache(cacheDir: string, key: string, dataset: LoadedDataset): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const header = Buffer.from(JSON.stringify({ key, info: dataset.info }), 'utf8');
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
    await writeFile(temp, Buffer.concat([head, labels, dataset.images.data]));
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function folderCachePath(cacheDir: string, key: string): string {
  return cacheFile(cacheDir, key);
}
