// One running Latent Explorer per data folder: the desktop app and `serve` default to the same one
// and would otherwise overwrite each other's checkpoints. The lock is a file naming its holder
// (pid, machine, the process's start time); a holder that is gone (or whose pid now belongs to
// another process) leaves a stale lock, which the next start takes over.
//
// The lock file is created complete and atomically with link() from a flushed temp file (link
// fails when the name exists). A stale lock is moved aside with rename() and checked to be the one
// that was judged stale, so two processes taking over at once cannot both win.
import { constants as fsConstants, promises as fs, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ContractError } from '../../shared/contract.js';
import { describeFsError, ownedSuffix, pidAlive, writeDurable } from '../engine/durable-fs.js';

export const LOCK_FILE = 'latent-explorer.lock';
/** A lock file that cannot be parsed yet is taken for a copy that is starting, for this long. */
const YOUNG_MS = 5_000;
const LOCK_TEMP = /^\.latent-explorer\.lock\.(?:tmp|stale)-(\d+)-[0-9a-f]{8}$/;

interface Holder {
  pid: number;
  host: string;
  /** Linux: the process's start time (/proc/<pid>/stat field 22), to tell a recycled pid. */
  started: string | null;
  since: string;
}

export interface DataDirLock {
  readonly file: string;
  release(): Promise<void>;
}

/** Data folders this process holds (a second service on the same folder is refused too). */
const held = new Set<string>();

function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function parse(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? (h as Holder) : null;
  } catch {
    return null;
  }
}

function alive(h: Holder, key: string): boolean {
  if (h.host !== hostname()) return true; // another machine (a shared folder): cannot check, so respect it
  if (h.pid === process.pid) return held.has(key);
  if (!pidAlive(h.pid)) return false;
  const started = processStart(h.pid);
  return !(h.started && started && started !== h.started);
}

function lockedMessage(dataDir: string, h: Holder | null, elsewhere: string | null): string {
  const who = h
    ? `another running Latent Explorer (pid ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''}, since ${h.since})`
    : 'another Latent Explorer that is starting';
  return (
    `The data folder ${dataDir} is in use by ${who}. Two copies on one folder would overwrite each other's ` +
    `checkpoints. Close the other one${elsewhere ? `, or ${elsewhere}` : ''}.`
  );
}

/**
 * Takes the lock of `dataDir` (which must exist): DATA_DIR_LOCKED when a live process holds it.
 * `elsewhere`: how this host can be given another folder, for the message (null: it cannot).
 */
export async function lockDataDir(dataDir: string, elsewhere: string | null = null): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_FILE);
  // Keyed by the real path: another spelling of the same folder is the same folder.
  const key = await fs.realpath(dataDir);
  await removeStaleTemps(dataDir);
  const mine: Holder = {
    pid: process.pid,
    host: hostname(),
    started: processStart(process.pid),
    since: new Date().toISOString(),
  };
  const text = JSON.stringify(mine);
  const tmp = join(dataDir, `.${LOCK_FILE}.tmp-${ownedSuffix()}`);
  await writeDurable(tmp, text);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await createFrom(tmp, file);
        held.add(key);
        return { file, release: () => release(key, file, text) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const found = await fs.readFile(file, 'utf8').catch(() => null);
      if (found === null) continue; // released meanwhile
      const holder = parse(found);
      if (holder ? alive(holder, key) : await young(file))
        throw new ContractError('DATA_DIR_LOCKED', lockedMessage(dataDir, holder, elsewhere));
      const grave = join(dataDir, `.${LOCK_FILE}.stale-${ownedSuffix()}`);
      try {
        await fs.rename(file, grave);
      } catch {
        continue;
      }
      // Another process may have replaced the stale lock between the read and the rename: put its back.
      if ((await fs.readFile(grave, 'utf8').catch(() => found)) !== found) await fs.link(grave, file).catch(() => {});
      await fs.rm(grave, { force: true });
    }
    throw new ContractError('DATA_DIR_LOCKED', lockedMessage(dataDir, null, elsewhere));
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** link() where the file system has hard links; elsewhere an exclusive copy (briefly empty: see young()). */
async function createFrom(tmp: string, file: string): Promise<void> {
  try {
    await fs.link(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    await fs.copyFile(tmp, file, fsConstants.COPYFILE_EXCL);
  }
}

async function young(file: string): Promise<boolean> {
  const st = await fs.stat(file).catch(() => null);
  return st !== null && Date.now() - st.mtimeMs < YOUNG_MS;
}

async function release(key: string, file: string, text: string): Promise<void> {
  if (!held.delete(key)) return;
  try {
    if ((await fs.readFile(file, 'utf8')) === text) await fs.rm(file, { force: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      console.error(`latent-explorer: could not release ${file}: ${describeFsError(e)}`);
  }
}

async function removeStaleTemps(dataDir: string): Promise<void> {
  for (const name of await fs.readdir(dataDir).catch(() => [] as string[])) {
    const m = LOCK_TEMP.exec(name);
    if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) await fs.rm(join(dataDir, name), { force: true });
  }
}
