// Folder loading: images/s of the data layer's loadImageFolder (the app's path) vs a bare sharp
// decode loop (decode + the same 28×28 greyscale resize, one file after another) on the same PNGs.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { data } from '../src/main/data/index.js';
import { MNIST_DIR } from './paths.js';
import { round } from './stats.js';

export interface FolderResult {
  images: number;
  ours_images_per_s: number;
  sharp_images_per_s: number;
  ratio: number;
  /** A second open of the same folder, served from the decode cache. */
  cached_ms: number | null;
}

/** Writes `n` MNIST digits as PNGs under label folders of a temp dir; returns the dir. */
async function writePngs(n: number): Promise<{ dir: string; files: string[] }> {
  const { images, labels, info } = await data.loadIdxDir(MNIST_DIR);
  const dir = mkdtempSync(join(tmpdir(), 'le-bench-folder-'));
  const side = info.width;
  const files: string[] = [];
  for (let label = 0; label < 10; label++) await mkdir(join(dir, String(label)));
  const count = Math.min(n, info.count);
  // Written a few at a time: sharp encodes on its own threads.
  const batch = 32;
  for (let start = 0; start < count; start += batch) {
    const jobs: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const file = join(dir, String(Math.max(0, labels[i]!)), `${i}.png`);
      files.push(file);
      const px = Buffer.from(images.data.subarray(i * side * side, (i + 1) * side * side));
      jobs.push(
        sharp(px, { raw: { width: side, height: side, channels: 1 } })
          .png()
          .toFile(file),
      );
    }
    await Promise.all(jobs);
  }
  return { dir, files };
}

export async function benchFolder(n: number): Promise<FolderResult> {
  const { dir, files } = await writePngs(n);
  const cacheDir = mkdtempSync(join(tmpdir(), 'le-bench-cache-'));
  try {
    await readdir(dir); // warm the directory entries for both sides alike

    const t0 = performance.now();
    for (const file of files) {
      await sharp(file).greyscale().resize(28, 28, { fit: 'cover' }).raw().toBuffer();
    }
    const sharpMs = performance.now() - t0;

    const t1 = performance.now();
    const loaded = await data.loadImageFolder(dir, { size: 28, colour: 'grey' }, { cacheDir });
    const oursMs = performance.now() - t1;
    if (loaded.info.count !== files.length) {
      throw new Error(`the folder loader read ${loaded.info.count} of ${files.length} images`);
    }

    const t2 = performance.now();
    const again = await data.loadImageFolder(dir, { size: 28, colour: 'grey' }, { cacheDir });
    const cachedMs = performance.now() - t2;

    const ours = (files.length * 1000) / oursMs;
    const bare = (files.length * 1000) / sharpMs;
    return {
      images: files.length,
      ours_images_per_s: round(ours, 0),
      sharp_images_per_s: round(bare, 0),
      ratio: round(ours / bare, 2),
      cached_ms: again.fromCache ? round(cachedMs, 0) : null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  }
}
