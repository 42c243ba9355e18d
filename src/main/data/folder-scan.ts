// Walks an image folder: which files are candidates, with their label folder, size and mtime.
// Hidden entries (dot) and non-image extensions are ignored silently; BMP is listed as skipped
// because sharp cannot decode it, and so are symbolic links whose target is missing.
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { SkippedFile } from '../../shared/contract.js';
import { throwIfAborted } from './abort.js';

export const DECODABLE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif']);
const UNSUPPORTED_IMAGE_EXTENSIONS: Record<string, string> = {
  '.bmp': 'BMP is not supported by the image decoder (sharp); convert it to PNG',
};

export interface ScannedFile {
  /** Relative to the root, with '/' separators. */
  rel: string;
  abs: string;
  size: number;
  mtimeMs: number;
  /** The first sub-folder level, or null for files directly in the root. */
  labelName: string | null;
}

export interface ScanResult {
  files: ScannedFile[];
  /** Files that look like images but cannot be decoded (by extension). */
  skipped: SkippedFile[];
  /** Everything the walk saw that is not hidden, for error messages. */
  seenFiles: number;
}

/** Recursive walk; results sorted by relative path (plain code-unit order, so every OS agrees). */
export async function scanFolder(root: string, signal?: AbortSignal): Promise<ScanResult> {
  const files: ScannedFile[] = [];
  const skipped: SkippedFile[] = [];
  let seenFiles = 0;
  // Symlinked folders are followed once: realpaths guard against cycles.
  const visited = new Set<string>();

  async function walk(dir: string): Promise<void> {
    throwIfAborted(signal);
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(dir, entry.name);
      const st = await stat(abs).catch(() => null);
      if (!st) {
        // A link whose target is gone: the person should learn why a file they see is not loaded.
        if ((await lstat(abs).catch(() => null))?.isSymbolicLink()) {
          seenFiles++;
          const target = await readlink(abs).catch(() => '?');
          skipped.push({
            file: relative(root, abs).split(sep).join('/'),
            reason: `broken symbolic link: its target ${target} does not exist`,
          });
        }
        continue;
      }
      if (st.isDirectory()) {
        await walk(abs);
        continue;
      }
      if (!st.isFile()) continue;
      seenFiles++;
      const rel = relative(root, abs).split(sep).join('/');
      const ext = extname(entry.name).toLowerCase();
      const unsupported = UNSUPPORTED_IMAGE_EXTENSIONS[ext];
      if (unsupported) skipped.push({ file: rel, reason: unsupported });
      if (!DECODABLE_EXTENSIONS.has(ext)) continue;
      const slash = rel.indexOf('/');
      files.push({ rel, abs, size: st.size, mtimeMs: st.mtimeMs, labelName: slash < 0 ? null : rel.slice(0, slash) });
    }
  }

  await walk(root);
  const byRel = (a: { rel?: string; file?: string }, b: { rel?: string; file?: string }): number => {
    const x = a.rel ?? a.file ?? '';
    const y = b.rel ?? b.file ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  };
  files.sort(byRel);
  skipped.sort(byRel);
  return { files, skipped, seenFiles };
}
