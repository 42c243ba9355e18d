// The folder-memory row: peak resident memory of a process that loads a folder of N generated
// 64-px RGB PNGs through the data layer (the app's path) and trains the default conv model on all
// of them (stopped after a few steps: the data, the model and the first batches are resident by
// then). It runs in a child process so that its peak (getrusage maxrss) is its own.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from '../src/main/engine/prng.js';
import { ROOT } from './paths.js';
import { round } from './stats.js';

export const MEMORY_SIDE = 64;

export interface FolderMemoryResult {
  images: number;
  side: number;
  /** Peak resident set of the child (loading + training), MiB. */
  peak_rss_mib: number;
  load_seconds: number;
  steps: number;
  write_seconds: number;
}

/** Seeded images that compress like photos do not but decode like any PNG: two gradients and a disc. */
function pixels(i: number, side: number): Buffer {
  const r = mulberry32(i + 1);
  const [a, b, c, cx, cy, rad] = [r(), r(), r(), r() * side, r() * side, (0.1 + 0.3 * r()) * side];
  const px = Buffer.alloc(side * side * 3);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const o = (y * side + x) * 3;
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 < rad * rad;
      px[o] = inDisc ? 255 * a : (255 * x) / side;
      px[o + 1] = inDisc ? 255 * b : (255 * y) / side;
      px[o + 2] = inDisc ? 255 * c : 128 * a;
    }
  return px;
}

async function writeFolder(dir: string, n: number, side: number): Promise<void> {
  const perLabel = Math.ceil(n / 10);
  for (let l = 0; l < 10; l++) mkdirSync(join(dir, `class-${l}`));
  const batch = 64;
  for (let s = 0; s < n; s += batch) {
    const jobs: Promise<unknown>[] = [];
    for (let i = s; i < Math.min(n, s + batch); i++)
      jobs.push(
        sharp(pixels(i, side), { raw: { width: side, height: side, channels: 3 } })
          .png({ compressionLevel: 1 })
          .toFile(join(dir, `class-${Math.floor(i / perLabel)}`, `${i}.png`)),
      );
    await Promise.all(jobs);
  }
}

export async function benchFolderMemory(n: number, steps: number): Promise<FolderMemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'le-bench-mem-'));
  try {
    const t0 = performance.now();
    await writeFolder(dir, n, MEMORY_SIDE);
    const write_seconds = round((performance.now() - t0) / 1000, 1);
    const child = join(ROOT, 'bench', 'folder-memory-child.ts');
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'run-ts.mjs'), child, dir, String(MEMORY_SIDE), String(steps)],
        { maxBuffer: 1 << 20 },
        (err, stdout, stderr) =>
          err ? reject(new Error(stderr.trim().split('\n').at(-1) ?? err.message)) : resolve(stdout),
      );
    });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as Omit<FolderMemoryResult, 'write_seconds'>;
    return { ...r, write_seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
