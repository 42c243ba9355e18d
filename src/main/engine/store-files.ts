// The file layout of model folders and the rules about save targets and leftovers: everything of
// the store that needs no tfjs (the service's main side imports it; see store.ts for the scheme).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../shared/contract.js';
import { describeFsError, pidAlive } from './durable-fs.js';
import { MODEL_FILE_NAME, MODEL_FORMAT } from './model-meta.js';

export const META_FILE = 'meta.json';
export const WEIGHTS_FILE = 'weights.bin';
export const MANIFEST_FILE = 'weights.json';
const FORMAT = MODEL_FORMAT;

/** Names only this module creates: per-save weight files and temp files / folders, with the writer's pid. */
const GENERATION = /^weights-(\d+)-[0-9a-f]{8}\.(json|bin)$/;
const META_TEMP = /^\.meta\.json\.tmp-(\d+)-[0-9a-f]{8}$/;
/** Temp sibling folders: `.<name>.tmp-<pid>-<hex>`; version 0.1 also left `…-old` (the previous model). */
const FOLDER_TEMP = /^\.(.+)\.tmp-(\d+)-[0-9a-f]+(-old)?$/;

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
}
export interface Manifest {
  format: typeof FORMAT;
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

export interface SaveOptions {
  /** Replace a model folder that is already at the target (never anything else). Default false. */
  replace?: boolean;
}

export type TargetKind = 'absent' | 'empty' | 'model' | 'file' | 'other';

export async function targetKind(target: string): Promise<TargetKind> {
  let st;
  try {
    st = await fs.stat(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
  if (!st.isDirectory()) return 'file';
  const names = await fs.readdir(target);
  if (names.length === 0) return 'empty';
  try {
    const meta = JSON.parse(await fs.readFile(path.join(target, META_FILE), 'utf8')) as { format?: unknown };
    return meta?.format === FORMAT ? 'model' : 'other';
  } catch {
    return 'other';
  }
}

/**
 * Refuses a save target that would cost the user something: ContractError TARGET_EXISTS when the
 * path exists and is not a model folder, or is one and `replace` is false. Callers run it before
 * long work (the CLI before training); saveModel runs it again at the moment of writing.
 */
export async function checkSaveTarget(dir: string, options: SaveOptions = {}): Promise<void> {
  const target = path.resolve(dir);
  const kind = await targetKind(target).catch((e: unknown) => {
    throw new ContractError('EXPORT_FAILED', `Cannot use ${target} for a model: ${describeFsError(e)}.`);
  });
  if (kind === 'file' || kind === 'other') {
    throw new ContractError(
      'TARGET_EXISTS',
      `${target} already exists and is not a Latent Explorer model ${kind === 'file' ? 'folder but a file' : 'folder'}; ` +
        'it was left untouched. Choose a new folder name.',
    );
  }
  if (kind === 'model' && !options.replace) {
    throw new ContractError(
      'TARGET_EXISTS',
      `${target} already holds a model; it was left untouched. Choose another folder, or allow replacing it (--overwrite).`,
    );
  }
}

/** The manifest and weight files the folder's current meta.json names (empty when unreadable). */
export async function referencedFiles(target: string): Promise<string[]> {
  try {
    const meta = JSON.parse(await fs.readFile(path.join(target, META_FILE), 'utf8')) as { manifest?: unknown };
    const manifestFile = typeof meta.manifest === 'string' ? meta.manifest : MANIFEST_FILE;
    if (!MODEL_FILE_NAME.test(manifestFile)) return [];
    const manifest = JSON.parse(await fs.readFile(path.join(target, manifestFile), 'utf8')) as Partial<Manifest>;
    const paths = manifest.weightsManifest?.[0]?.paths ?? [];
    return [manifestFile, ...paths.filter((p) => typeof p === 'string' && MODEL_FILE_NAME.test(p))];
  } catch {
    return [];
  }
}

/**
 * Removes what interrupted saves left: inside `dir` when it is a model folder (weight files no
 * meta.json names, temp meta files), and hidden temp folders among its entries when it is a folder
 * of models. Only names this module creates, and only when their writer (pid) is gone. A folder
 * left by version 0.1 as `.<name>.tmp-…-old` is the previous model: it is put back when <name> is missing.
 * `onlyFor`: in a folder that is not the app's (the parent of a CLI --out), only the temp folders of
 * that one target are touched.
 */
export async function cleanLeftovers(dir: string, onlyFor?: string): Promise<string[]> {
  const target = path.resolve(dir);
  let names: string[];
  try {
    names = await fs.readdir(target);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const gone = (pid: string): boolean => Number(pid) !== process.pid && !pidAlive(Number(pid));
  if (onlyFor === undefined && (await targetKind(target)) === 'model') {
    const referenced = await referencedFiles(target);
    if (referenced.length > 0) {
      for (const name of names) {
        const g = GENERATION.exec(name) ?? META_TEMP.exec(name);
        const stale =
          (g && gone(g[1]!)) ||
          // A replaced model of the first layout: its plain files once the meta names others.
          ((name === MANIFEST_FILE || name === WEIGHTS_FILE) && !referenced.includes(MANIFEST_FILE));
        if (stale && !referenced.includes(name)) {
          await fs.rm(path.join(target, name), { force: true });
          removed.push(path.join(target, name));
        }
      }
    }
  }
  for (const name of names) {
    const t = FOLDER_TEMP.exec(name);
    if (!t || !gone(t[2]!) || (onlyFor !== undefined && t[1] !== onlyFor)) continue;
    const full = path.join(target, name);
    if (!(await fs.stat(full).catch(() => null))?.isDirectory()) continue;
    const original = path.join(target, t[1]!);
    if (t[3] && (await targetKind(original)) === 'absent') {
      await fs.rename(full, original);
      continue;
    }
    await fs.rm(full, { recursive: true, force: true });
    removed.push(full);
  }
  return removed;
}

/** Before a save to `target` outside the app's folders: what an earlier killed save of that same target left. */
export async function cleanTargetLeftovers(target: string): Promise<void> {
  const full = path.resolve(target);
  await cleanLeftovers(path.dirname(full), path.basename(full));
  await cleanLeftovers(full);
}
