// fs.list: the host-side folder listing behind the browser's folder picker. Directories first,
// then files, each by name; hidden entries (dot files) skipped; symlinks followed when they resolve.

import { readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { ContractError, type DirEntry, type DirListing } from '../../shared/contract.js';

/**
 * Lists `path` (default the home folder). With `within` (resolved folders: the browser host's roots),
 * a symlink entry that resolves outside them is left out and there is no parent above them; the
 * caller has already checked `path` itself.
 */
export async function listDirectory(path: string | undefined, within?: readonly string[]): Promise<DirListing> {
  const dir = resolve(path ?? homedir());
  let st;
  try {
    st = await stat(dir);
  } catch {
    throw new ContractError('NOT_FOUND', `The folder ${dir} does not exist.`);
  }
  if (!st.isDirectory()) throw new ContractError('BAD_ARGUMENT', `${dir} is a file, not a folder.`);
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new ContractError(
      'NOT_FOUND',
      `The folder ${dir} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  const entries: DirEntry[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue;
    const full = join(dir, d.name);
    let kind: DirEntry['kind'] = d.isDirectory() ? 'dir' : 'file';
    if (d.isSymbolicLink()) {
      try {
        kind = (await stat(full)).isDirectory() ? 'dir' : 'file';
        if (within && !isWithin(await realpath(full), within)) continue;
      } catch {
        continue; // dangling link
      }
    }
    entries.push({ name: d.name, path: full, kind });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = dirname(dir);
  const atTop = parent === dir || (within !== undefined && (within.includes(dir) || !isWithin(parent, within)));
  return { path: dir, parent: atTop ? null : parent, entries };
}

/** Whether `path` is one of `roots` or below one (plain prefix on resolved paths). */
export function isWithin(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
}
