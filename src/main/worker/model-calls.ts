// model.* calls, run in the worker. Saved models live in dataDir/models/<id>/ (tfjs weights +
// meta.json, written atomically by the engine).

import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  ContractError,
  toContractError,
  type CallArg,
  type ModelEntry,
  type ModelInfo,
} from '../../shared/contract.js';
import { folderOptionsForModel, sameFolderSettings } from '../data/index.js';
import type { ModelMeta } from '../engine/api.js';
import { loadTracked } from './dataset-calls.js';
import { checkCompatible, type Session } from './session.js';
import { uniqueName } from './unique-name.js';

export async function saveModel(s: Session, arg: CallArg<'model.save'>): Promise<ModelEntry> {
  const m = s.requireModel();
  const name = uniqueName(
    arg.name,
    (await listModels(s)).map((e) => e.name),
  );
  const id = newModelId(name);
  const dir = join(s.modelsDir, id);
  const { format: _f, config: _c, shape: _s, ...meta } = m.meta;
  // Everything that can fail on the metadata happens before writing, so a failed save leaves nothing.
  const saved: ModelMeta = { ...m.meta, name };
  const entry = entryFromMeta(id, saved);
  // A fresh id: never replaces anything (the store refuses if the folder exists after all).
  await s.engine.saveModel(m.vae, { ...meta, name }, dir);
  m.meta = saved;
  m.id = id;
  m.dir = dir;
  s.touchModel();
  return entry;
}

export async function listModels(s: Session): Promise<ModelEntry[]> {
  let names: string[];
  try {
    names = await readdir(s.modelsDir);
  } catch {
    return [];
  }
  const entries: ModelEntry[] = [];
  for (const id of names) {
    if (id.startsWith('.')) continue; // temp folders of saves in progress (or left by a crash)
    const dir = join(s.modelsDir, id);
    const st = await stat(dir).catch(() => null);
    if (!st?.isDirectory()) continue;
    try {
      entries.push(entryFromMeta(id, await s.engine.inspectModel(dir)));
    } catch (e) {
      // A bad model is listed with its reason; it must not hide the others.
      entries.push(await brokenEntry(id, dir, st.mtime, toContractError(e).message));
    }
  }
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** What can still be said about a model folder that does not load: its name when readable. */
async function brokenEntry(id: string, dir: string, mtime: Date, reason: string): Promise<ModelEntry> {
  const raw = (await readFile(join(dir, 'meta.json'), 'utf8')
    .then((t) => JSON.parse(t) as unknown)
    .catch(() => null)) as Record<string, unknown> | null;
  const name = typeof raw?.name === 'string' && raw.name.trim() !== '' ? raw.name : id;
  return {
    id,
    name,
    createdAt: mtime.toISOString(),
    // Best effort like the rest: the recorded architecture when readable (the list shows the reason instead).
    arch: (raw?.config as { arch?: unknown } | undefined)?.arch === 'conv' ? 'conv' : 'mlp',
    latent: 0,
    epochs: 0,
    testElbo: null,
    datasetName: '',
    broken: reason,
  };
}

export async function openModel(s: Session, arg: CallArg<'model.open'>): Promise<ModelInfo> {
  if (s.training) throw new ContractError('TRAINING_BUSY', 'A training is running. Stop it before opening a model.');
  const id = 'id' in arg ? arg.id : null;
  const dir = id !== null ? join(s.modelsDir, id) : resolve((arg as { path: string }).path);
  await mustExist(dir, id !== null ? `No saved model with id "${id}".` : `No model directory at ${dir}.`);
  const { model, meta } = await s.engine.loadModel(dir);
  if (s.dataset) {
    try {
      await reloadFolderLikeModel(s, meta);
      checkCompatible(meta, s.dataset.loaded);
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  s.setModel(model, meta, id, dir);
  return s.modelInfo()!;
}

/**
 * A model trained on an image folder: an open folder is loaded again the way the model was trained
 * (size, fit, colour, background). Other models (MNIST, IDX) leave the open dataset as it is.
 */
async function reloadFolderLikeModel(s: Session, meta: ModelMeta): Promise<void> {
  const ds = s.dataset;
  if (!ds || ds.spec.source.kind !== 'folder' || !meta.folder) return;
  const options = folderOptionsForModel(meta, ds.spec.options);
  if (sameFolderSettings(ds.loaded.info.folder?.settings, options)) return;
  const spec = { source: ds.spec.source, options };
  s.setDataset(await loadTracked(s, null, spec), spec);
}

export async function deleteModel(s: Session, arg: CallArg<'model.delete'>): Promise<void> {
  const dir = join(s.modelsDir, arg.id);
  await mustExist(dir, `No saved model with id "${arg.id}".`);
  await rm(dir, { recursive: true, force: true });
  if (s.model?.id === arg.id) {
    // Still loaded, no longer saved: its weights now only live in memory (and the checkpoint).
    s.model.id = null;
    s.model.dir = null;
    s.touchModel();
  }
}

async function mustExist(dir: string, message: string): Promise<void> {
  try {
    await stat(dir);
  } catch {
    throw new ContractError('NOT_FOUND', message);
  }
}

/** A fresh model-store id for a name: never the id of an existing folder. */
export function newModelId(name: string): string {
  return `${slug(name)}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

export function entryFromMeta(id: string, meta: ModelMeta): ModelEntry {
  const last = meta.history.at(-1);
  return {
    id,
    name: meta.name,
    createdAt: meta.createdAt,
    arch: meta.config.arch,
    latent: meta.config.latent,
    epochs: meta.history.length,
    testElbo: last?.testElbo ?? null,
    datasetName: meta.datasetName,
    ...(meta.source ? { importedFrom: 'ONNX' } : {}),
  };
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'model';
}
