// Start-up of a data folder (models/, checkpoints/, cache/): it must exist or be creatable, be
// writable and have room, and no other running copy may use it. Each failure names the folder and
// the cause (DATA_DIR_UNUSABLE / DATA_DIR_LOCKED) before any work could fail on it later. Then the
// leftovers of saves a crash interrupted are removed (safe only now, with the lock held).
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { ContractError } from '../../shared/contract.js';
import { describeFsError } from '../engine/durable-fs.js';
import { cleanLeftovers } from '../engine/store-files.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';

/**
 * Below this much free space the folder counts as full: a checkpoint of the default model is
 * 3.3 MB and a replacing save holds two for a moment; bigger models and the dataset cache need more.
 */
export const MIN_FREE_BYTES = 32 * 1024 * 1024;
const SUBFOLDERS = ['models', 'checkpoints', 'cache'];

/** How a host that can be pointed at another data folder says so (the desktop app cannot). */
export const OTHER_FOLDER_HINT = 'give it another data folder (serve --data-dir DIR)';

function unusable(dataDir: string, cause: string, elsewhere: string | null): ContractError {
  return new ContractError(
    'DATA_DIR_UNUSABLE',
    `Latent Explorer cannot use its data folder ${dataDir}: ${cause}. Free space or fix its permissions` +
      `${elsewhere ? `, or ${elsewhere}` : ''}.`,
  );
}

/** `elsewhere`: how this host can be given another folder, for the messages (null: it cannot). */
export async function openDataDir(dataDir: string, elsewhere: string | null = OTHER_FOLDER_HINT): Promise<DataDirLock> {
  const st = await fs.stat(dataDir).catch(() => null);
  if (st && !st.isDirectory()) throw unusable(dataDir, 'it is a file, not a folder', elsewhere);
  let lock: DataDirLock;
  try {
    await makeFolder(dataDir);
    // Taking the lock writes and flushes a file: the proof that the folder is writable.
    lock = await lockDataDir(dataDir, elsewhere);
  } catch (e) {
    if (e instanceof ContractError) throw e;
    throw unusable(dataDir, describeFsError(e), elsewhere);
  }
  try {
    const space = await fs.statfs(dataDir);
    const free = space.bavail * space.bsize;
    if (free < MIN_FREE_BYTES)
      throw unusable(
        dataDir,
        `its disk is full (${(free / 1e6).toFixed(1)} MB free, at least ${MIN_FREE_BYTES / 1e6} MB needed)`,
        elsewhere,
      );
  } catch (e) {
    await lock.release();
    if (e instanceof ContractError) throw e;
    throw unusable(dataDir, describeFsError(e), elsewhere);
  }
  try {
    for (const sub of SUBFOLDERS) await fs.mkdir(join(dataDir, sub), { recursive: true });
    const models = join(dataDir, 'models');
    await cleanLeftovers(models);
    for (const id of await fs.readdir(models)) if (!id.startsWith('.')) await cleanLeftovers(join(models, id));
    await cleanLeftovers(join(dataDir, 'checkpoints'));
    await cleanLeftovers(join(dataDir, 'checkpoints', 'current'));
  } catch (e) {
    await lock.release();
    throw unusable(dataDir, describeFsError(e), elsewhere);
  }
  return lock;
}

/**
 * mkdir -p that reports the real cause: Node's recursive mkdir says ENOENT on a read-only disk, so
 * on failure the first missing folder is created on its own to get the file system's own answer.
 */
async function makeFolder(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    let missing = dir;
    while (dirname(missing) !== missing && !(await fs.stat(dirname(missing)).catch(() => null)))
      missing = dirname(missing);
    await fs.mkdir(missing);
    throw e;
  }
}
