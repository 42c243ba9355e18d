// Every file the app exports (GIFs, PNGs, coordinates, saved views) is written here: a temporary
// file in the same folder, then a rename, so the target is the old file or the new one, never half.
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ContractError } from '../../shared/contract.js';

export async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (e as Error).message;
    throw new ContractError('EXPORT_FAILED', `Could not write ${target}: ${reason}.`);
  }
}
