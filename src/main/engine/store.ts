// Model directories: meta.json (ModelMeta), weights.bin (float32, little-endian, concatenated) and
// weights.json (a tfjs-style weights manifest naming each tensor's shape). Written into a temp
// sibling directory and renamed over the target, so a reader never sees half a model.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ContractError, DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../shared/contract.js';
import type { ModelMeta, VaeModel } from './api.js';
import { asVae, paramSpecs, Vae } from './model.js';
import { isOnnxMeta, openOnnxModel, saveOnnxModel } from './onnx/folder.js';

export const META_FILE = 'meta.json';
export const WEIGHTS_FILE = 'weights.bin';
export const MANIFEST_FILE = 'weights.json';
const FORMAT = 'latent-explorer-vae@1';

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
}
interface Manifest {
  format: typeof FORMAT;
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

export async function saveModel(
  model: VaeModel,
  meta: Omit<ModelMeta, 'format' | 'config' | 'shape'>,
  dir: string,
): Promise<void> {
  const m = asVae(model);
  if (m.external) return saveOnnxModel(m, meta, dir);
  const full: ModelMeta = { ...meta, format: FORMAT, config: m.config, shape: m.shape };
  const arrays = m.params.map((p) => p.dataSync() as Float32Array);
  const bytes = Buffer.alloc(arrays.reduce((a, v) => a + v.length * 4, 0));
  let off = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++, off += 4) bytes.writeFloatLE(a[i]!, off);
  }
  const manifest: Manifest = {
    format: FORMAT,
    weightsManifest: [
      { paths: [WEIGHTS_FILE], weights: m.specs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' })) },
    ],
  };
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
  const old = `${tmp}-old`;
  try {
    await fs.mkdir(tmp, { recursive: true });
    await fs.writeFile(path.join(tmp, WEIGHTS_FILE), bytes);
    await fs.writeFile(path.join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
    await fs.writeFile(path.join(tmp, META_FILE), JSON.stringify(full, null, 2));
    // rename() cannot replace a non-empty directory: move the old one aside first, then drop it.
    let hadOld = false;
    try {
      await fs.rename(target, old);
      hadOld = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    try {
      await fs.rename(tmp, target);
    } catch (e) {
      if (hadOld) await fs.rename(old, target);
      throw e;
    }
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    if (e instanceof ContractError) throw e;
    throw new ContractError('EXPORT_FAILED', `Could not save the model to ${target}: ${(e as Error).message}`);
  }
}

function invalid(dir: string, reason: string): ContractError {
  return new ContractError('MODEL_INVALID', `${dir} is not a usable Latent Explorer model: ${reason}.`);
}

export async function loadModel(dir: string): Promise<{ model: VaeModel; meta: ModelMeta }> {
  const target = path.resolve(dir);
  const read = async (file: string): Promise<Buffer> => {
    try {
      return await fs.readFile(path.join(target, file));
    } catch (e) {
      throw invalid(target, `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  const json = (buf: Buffer, file: string): unknown => {
    try {
      return JSON.parse(buf.toString('utf8'));
    } catch {
      throw invalid(target, `${file} is not valid JSON`);
    }
  };
  const meta = json(await read(META_FILE), META_FILE) as ModelMeta;
  if (typeof meta !== 'object' || meta === null || meta.format !== FORMAT)
    throw invalid(target, `meta.json does not declare format ${FORMAT}`);
  const shape = meta.shape;
  if (!shape || ![1, 3].includes(shape.channels) || !(shape.height > 0) || !(shape.width > 0))
    throw invalid(target, 'meta.json has no valid image shape');
  if (isOnnxMeta(meta)) return openOnnxModel(target, meta);
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...meta.config };
  let specs;
  try {
    specs = paramSpecs(config, shape);
  } catch (e) {
    throw invalid(target, `its configuration is not valid (${(e as Error).message})`);
  }
  const manifest = json(await read(MANIFEST_FILE), MANIFEST_FILE) as Manifest;
  const entries = manifest?.weightsManifest?.[0]?.weights;
  if (!Array.isArray(entries) || entries.length !== specs.length)
    throw invalid(target, 'the weights manifest does not match the configuration');
  specs.forEach((s, i) => {
    const e = entries[i]!;
    if (e.name !== s.name || e.dtype !== 'float32' || JSON.stringify(e.shape) !== JSON.stringify(s.shape)) {
      throw invalid(
        target,
        `weight ${i} is ${e.name} ${JSON.stringify(e.shape)}, expected ${s.name} ${JSON.stringify(s.shape)}`,
      );
    }
  });
  const bytes = await read(WEIGHTS_FILE);
  const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (bytes.length !== total * 4) throw invalid(target, `weights.bin has ${bytes.length} bytes, expected ${total * 4}`);
  let off = 0;
  const values = sizes.map((size) => {
    const a = new Float32Array(size);
    for (let i = 0; i < size; i++, off += 4) a[i] = bytes.readFloatLE(off);
    return a;
  });
  if (values.some((a) => a.some((v) => !Number.isFinite(v))))
    throw invalid(target, 'its weights contain NaN or infinite values');
  const model = new Vae(config, { height: shape.height, width: shape.width, channels: shape.channels }, values);
  return { model, meta: { ...meta, config } };
}
