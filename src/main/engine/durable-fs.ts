// Small file-system steps that survive a crash or a power cut: files and folders are flushed
// (fsync) before anything points at them, and names of our own temporary files carry the writer's
// pid so a leftover can be told from a write in progress. No tfjs here (the service imports it).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

/** Writes a whole file and flushes it to the disk before resolving. */
export async function writeDurable(file: string, data: Uint8Array | string, flag: 'w' | 'wx' = 'wx'): Promise<void> {
  const h = await fs.open(file, flag);
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Flushes a folder's entries (a rename or a new file in it) to the disk. */
export async function syncDir(dir: string): Promise<void> {
  let h;
  try {
    h = await fs.open(dir, 'r');
  } catch (e) {
    // Windows cannot open a folder as a file; there the rename itself is what the OS guarantees.
    if (process.platform === 'win32') return;
    throw e;
  }
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** A unique suffix naming this process: `<pid>-<random>`. */
export function ownedSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * True when process `pid` is running on this machine. EPERM means it exists but belongs to another
 * user. A recycled pid reads as alive: a leftover then waits for a later clean-up, never the reverse.
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The cause of a file-system error in words a person can act on. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is exceeded (EDQUOT)';
    case 'EROFS':
      return 'the disk is read-only (EROFS)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder (ENOTDIR)';
    case 'ENOENT':
      return 'a part of the path does not exist (ENOENT)';
    default:
      return (e as Error)?.message ?? String(e);
  }
}
