// The installed package's root (holds package.json, resources/, out/), found by walking up from the
// running file: the same answer from the sources (src/main/…) and from the build (out/main/…).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'latent-explorer') return dir;
      } catch {
        /* keep looking */
      }
    }
    if (dirname(dir) === dir) throw new Error('Cannot find the latent-explorer package root.');
  }
}
