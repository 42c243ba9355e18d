// Model folders: meta.json (ModelMeta), a weights manifest (tfjs-style: each tensor's name and shape)
// and the weights file it names (float32, little-endian, concatenated).
//
// Saving never loses a model and never touches what is not one:
// - A target that exists and is not a model folder is refused (TARGET_EXISTS); an existing model
//   is replaced only when the caller says so (`replace`).
// - A new model is written into a hidden temp sibling, flushed, then renamed to the target in one
//   step (a rename onto a missing or empty folder is atomic).
// - An existing model is replaced in place: Node has no renameat2(RENAME_EXCHANGE) to swap two
//   folders, and "rename old aside, rename new in" leaves an instant with no model at the target.
//   So the folder stays and meta.json is the commit point: the new weights go to new file names
//   (weights-<pid>-<random>.{json,bin}), are flushed, then a new meta.json naming them is renamed
//   over the old one (a file rename is atomic). At every instant meta.json names a complete set of
//   files; the old set is deleted only after the switch. Leftovers of a killed writer carry its
//   pid and are removed by cleanLeftovers once that process is gone.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../shared/contract.js';
import type { ModelMeta, VaeModel } from './api.js';
import { describeFsError, ownedSuffix, syncDir, writeDurable } from './durable-fs.js';
import { asVae, paramSpecs, Vae } from './model.js';
import { checkOnnxFolder, isOnnxMeta, openOnnxModel, saveOnnxModel } from './onnx/folder.js';
import { MetaError, MODEL_FILE_NAME, MODEL_FORMAT, parseModelMeta } from './model-meta.js';
import {
  checkSaveTarget,
  MANIFEST_FILE,
  META_FILE,
  referencedFiles,
  targetKind,
  WEIGHTS_FILE,
  type Manifest,
  type SaveOptions,
} from './store-files.js';

export { checkSaveTarget, cleanLeftovers, META_FILE, type SaveOptions } from './store-files.js';
const FORMAT = MODEL_FORMAT;

/** One save per target at a time within this process (checkpoints are written every epoch). */
const saving = new Map<string, Promise<unknown>>();

export async function saveModel(
  model: VaeModel,
  meta: Omit<ModelMeta, 'format' | 'config' | 'shape'>,
  dir: string,
  options: SaveOptions = {},
): Promise<void> {
  const target = path.resolve(dir);
  const previous = saving.get(target) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => save(model, meta, target, options));
  saving.set(target, run);
  try {
    await run;
  } finally {
    if (saving.get(target) === run) saving.delete(target);
  }
}

async function save(
  model: VaeModel,
  meta: Omit<ModelMeta, 'format' | 'config' | 'shape'>,
  target: string,
  options: SaveOptions,
): Promise<void> {
  const m = asVae(model);
  if (m.external) return saveOnnxModel(m, meta, target);
  const { manifest: _old, ...rest } = meta;
  const full: ModelMeta = { ...rest, format: FORMAT, config: m.config, shape: m.shape };
  try {
    // Never write a meta.json this module would refuse to read back.
    parseModelMeta(JSON.parse(JSON.stringify(full)));
  } catch (e) {
    throw new ContractError('EXPORT_FAILED', `Could not save the model to ${target}: ${(e as Error).message}.`);
  }
  const arrays = m.params.map((p) => p.dataSync() as Float32Array);
  const bytes = Buffer.alloc(arrays.reduce((a, v) => a + v.length * 4, 0));
  let off = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++, off += 4) bytes.writeFloatLE(a[i]!, off);
  }
  const manifest = (weightsFile: string): string =>
    JSON.stringify(
      {
        format: FORMAT,
        weightsManifest: [
          { paths: [weightsFile], weights: m.specs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' })) },
        ],
      } satisfies Manifest,
      null,
      1,
    );

  await checkSaveTarget(target, options);
  const kind = await targetKind(target);
  try {
    if (kind === 'model') await replaceInPlace(target, full, bytes, manifest);
    else await createNew(target, full, bytes, manifest);
  } catch (e) {
    if (e instanceof ContractError) throw e;
    const what = kind === 'model' ? 'the model that was there is unchanged' : 'nothing was left behind';
    throw new ContractError('EXPORT_FAILED', `Could not save the model to ${target}: ${describeFsError(e)}; ${what}.`);
  }
}

async function createNew(
  target: string,
  meta: ModelMeta,
  bytes: Buffer,
  manifest: (weightsFile: string) => string,
): Promise<void> {
  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${ownedSuffix()}`);
  try {
    await fs.mkdir(tmp);
    await writeDurable(path.join(tmp, WEIGHTS_FILE), bytes);
    await writeDurable(path.join(tmp, MANIFEST_FILE), manifest(WEIGHTS_FILE));
    await writeDurable(path.join(tmp, META_FILE), JSON.stringify(meta, null, 2));
    await syncDir(tmp);
    try {
      await fs.rename(tmp, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR')
        throw new ContractError(
          'TARGET_EXISTS',
          `${target} was created by someone else while the model was being saved; it was left untouched and the model was not saved.`,
        );
      throw e;
    }
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
  // The model is in place and complete; flushing the parent's entry only hardens the rename.
  await syncDir(parent).catch(() => {});
}

async function replaceInPlace(
  target: string,
  meta: ModelMeta,
  bytes: Buffer,
  manifest: (weightsFile: string) => string,
): Promise<void> {
  const old = await referencedFiles(target);
  const gen = ownedSuffix();
  const weightsFile = `weights-${gen}.bin`;
  const manifestFile = `weights-${gen}.json`;
  const metaTemp = `.meta.json.tmp-${gen}`;
  const written: string[] = [];
  const write = async (name: string, data: Buffer | string): Promise<void> => {
    written.push(name);
    await writeDurable(path.join(target, name), data);
  };
  try {
    await write(weightsFile, bytes);
    await write(manifestFile, manifest(weightsFile));
    await write(metaTemp, JSON.stringify({ ...meta, manifest: manifestFile }, null, 2));
    await syncDir(target);
    // The switch: from here on meta.json names the new files.
    await fs.rename(path.join(target, metaTemp), path.join(target, META_FILE));
  } catch (e) {
    for (const name of written) await fs.rm(path.join(target, name), { force: true }).catch(() => {});
    throw e;
  }
  await syncDir(target);
  // The old set: a failure here only leaves files that cleanLeftovers removes later.
  for (const name of old) {
    if (name !== weightsFile && name !== manifestFile)
      await fs.rm(path.join(target, name), { force: true }).catch(() => {});
  }
}

function invalid(dir: string, reason: string): ContractError {
  return new ContractError('MODEL_INVALID', `${dir} is not a usable Latent Explorer model: ${reason}.`);
}

/** A model folder as checked without reading its weights: meta, the weight layout and sizes. */
interface Checked {
  meta: ModelMeta;
  weightsPath: string;
  sizes: number[];
  /** The raw meta.json, to notice a concurrent replacement. */
  raw: string;
}

async function checkFolder(target: string, rawMeta: string | null): Promise<Checked> {
  const read = async (file: string): Promise<string> => {
    try {
      return await fs.readFile(path.join(target, file), 'utf8');
    } catch (e) {
      throw invalid(target, `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  const json = (text: string, file: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw invalid(target, `${file} is not valid JSON`);
    }
  };
  const raw = rawMeta ?? (await read(META_FILE));
  let meta: ModelMeta;
  try {
    meta = parseModelMeta(json(raw, META_FILE));
  } catch (e) {
    if (e instanceof MetaError) throw invalid(target, e.message);
    throw e;
  }
  // A model imported from ONNX has graphs instead of weights (engine/onnx/folder.ts checks them).
  if (isOnnxMeta(meta)) return { meta, weightsPath: '', sizes: [], raw };
  let specs;
  try {
    specs = paramSpecs(meta.config, meta.shape);
  } catch (e) {
    throw invalid(target, `its configuration is not valid (${(e as Error).message})`);
  }
  const manifestFile = meta.manifest ?? MANIFEST_FILE;
  const manifest = json(await read(manifestFile), manifestFile) as Partial<Manifest> | null;
  const group = manifest?.weightsManifest?.[0];
  const entries = group?.weights;
  if (!Array.isArray(entries) || entries.length !== specs.length)
    throw invalid(target, 'the weights manifest does not match the configuration');
  specs.forEach((s, i) => {
    const e = entries[i]!;
    if (e?.name !== s.name || e.dtype !== 'float32' || JSON.stringify(e.shape) !== JSON.stringify(s.shape)) {
      throw invalid(
        target,
        `weight ${i} is ${e?.name} ${JSON.stringify(e?.shape)}, expected ${s.name} ${JSON.stringify(s.shape)}`,
      );
    }
  });
  const weightsFile = group?.paths?.[0];
  if (group?.paths?.length !== 1 || typeof weightsFile !== 'string' || !MODEL_FILE_NAME.test(weightsFile))
    throw invalid(target, `${manifestFile} must name one weights file in the folder`);
  const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
  return { meta, weightsPath: path.join(target, weightsFile), sizes, raw };
}

/** Retries once meta.json has changed under us: a replacing save deletes the files the old one named. */
async function withStableMeta<T>(target: string, work: (c: Checked) => Promise<T>): Promise<T> {
  const readMeta = (): Promise<string | null> => fs.readFile(path.join(target, META_FILE), 'utf8').catch(() => null);
  for (let attempt = 0; ; attempt++) {
    const raw = await readMeta();
    try {
      return await work(await checkFolder(target, raw));
    } catch (e) {
      const now = await readMeta();
      if (attempt >= 3 || raw === null || now === null || now === raw) throw e;
    }
  }
}

/** Checks a model folder without loading its weights (for the model list). MODEL_INVALID with the reason. */
export async function inspectModel(dir: string): Promise<ModelMeta> {
  const target = path.resolve(dir);
  return withStableMeta(target, async ({ meta, weightsPath, sizes }) => {
    if (isOnnxMeta(meta)) return checkOnnxFolder(target, meta);
    const expected = sizes.reduce((a, b) => a + b, 0) * 4;
    const st = await fs.stat(weightsPath).catch(() => null);
    if (!st) throw invalid(target, `${path.basename(weightsPath)} cannot be read`);
    if (st.size !== expected)
      throw invalid(target, `${path.basename(weightsPath)} has ${st.size} bytes, expected ${expected}`);
    return meta;
  });
}

export async function loadModel(dir: string): Promise<{ model: VaeModel; meta: ModelMeta }> {
  const target = path.resolve(dir);
  return withStableMeta(target, async ({ meta, weightsPath, sizes }) => {
    if (isOnnxMeta(meta)) return openOnnxModel(target, meta);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(weightsPath);
    } catch (e) {
      throw invalid(target, `${path.basename(weightsPath)} cannot be read (${(e as NodeJS.ErrnoException).code})`);
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    if (bytes.length !== total * 4)
      throw invalid(target, `${path.basename(weightsPath)} has ${bytes.length} bytes, expected ${total * 4}`);
    let off = 0;
    const values = sizes.map((size) => {
      const a = new Float32Array(size);
      for (let i = 0; i < size; i++, off += 4) a[i] = bytes.readFloatLE(off);
      return a;
    });
    if (values.some((a) => a.some((v) => !Number.isFinite(v))))
      throw invalid(target, 'its weights contain NaN or infinite values');
    const model = new Vae(meta.config, meta.shape, values);
    return { model, meta };
  });
}
