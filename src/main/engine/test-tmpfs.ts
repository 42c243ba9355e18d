// Test helper: real small file systems (tmpfs mounts) to make a disk full or read-only for real.
// Mounting needs root or CAP_SYS_ADMIN; where it is not allowed, tests skip with that reason.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export const NO_MOUNT_REASON = 'mounting a tmpfs needs root: cannot make a full or read-only disk here';

const mounted: string[] = [];

/** Mounts a tmpfs at `dir` with `options` (e.g. 'ro,size=4m'); null where this machine refuses. */
export function mountTmpfs(dir: string, options: string): string | null {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  mounted.push(dir);
  return dir;
}

/** Unmounts everything mountTmpfs mounted (call in afterAll). */
export function unmountAll(): void {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir]);
}
