// Turns the --data argument into a DatasetSource and loads it through the data layer.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ContractError, type DatasetSource, type FolderOptions } from '../../shared/contract.js';
import { data } from '../data/index.js';
import type { LoadedDataset } from '../data/api.js';
import { packageRoot } from '../package-root.js';

/** resources/ of the repository (or of the installed package), the same from sources and build. */
export const RESOURCES_DIR = join(packageRoot(), 'resources');

const IDX_TRAIN = ['train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz'];

/** "builtin:mnist"; a directory holding train-images-idx3-ubyte[.gz] is IDX; any other directory a folder. */
export function detectSource(spec: string): DatasetSource {
  if (spec.startsWith('builtin:')) {
    if (spec === 'builtin:mnist') return { kind: 'builtin', name: 'mnist' };
    throw new ContractError('NOT_FOUND', `unknown built-in dataset "${spec}"; the only one is builtin:mnist`);
  }
  const path = resolve(spec);
  if (!existsSync(path)) throw new ContractError('NOT_FOUND', `no such folder: ${path}`);
  if (!statSync(path).isDirectory()) {
    throw new ContractError('BAD_ARGUMENT', `${path} is a file; --data takes a folder (or builtin:mnist)`);
  }
  if (IDX_TRAIN.some((name) => existsSync(join(path, name)))) return { kind: 'idx', path };
  return { kind: 'folder', path };
}

export function loadSource(
  source: DatasetSource,
  folder: FolderOptions,
  onProgress: (done: number, total: number, phase: string) => void,
): Promise<LoadedDataset> {
  const ctx = { onProgress };
  switch (source.kind) {
    case 'builtin':
      return data.loadBuiltinMnist(RESOURCES_DIR, ctx);
    case 'idx':
      return data.loadIdxDir(source.path, ctx);
    case 'folder':
      return data.loadImageFolder(source.path, folder, ctx);
  }
}
