// Model folders of imported ONNX models: encoder.onnx + decoder.onnx + meta.json (with `source`),
// written into a temp sibling and renamed into place, so a reader never sees half a model.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ContractError, DEFAULT_TRAIN_CONFIG } from '../../../shared/contract.js';
import type { ModelMeta } from '../api.js';
import { Vae } from '../model.js';
import { detectConventions, type ImportOptions, type OnnxSource } from './conventions.js';
import { OnnxGraphs } from './graphs.js';
import { OnnxGraph } from './runtime.js';

export const ENCODER_FILE = 'encoder.onnx';
export const DECODER_FILE = 'decoder.onnx';
const META_FILE = 'meta.json';

export function isOnnxMeta(meta: ModelMeta): meta is ModelMeta & { source: OnnxSource } {
  return (meta as { source?: { kind?: unknown } }).source?.kind === 'onnx';
}

/** Why a `source` of meta.json cannot be used, or null. Names are plain files inside the folder. */
function sourceProblem(s: OnnxSource): string | null {
  const file = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
  if (typeof s.encoder !== 'string' || !file.test(s.encoder)) return 'source.encoder must be a file name';
  if (typeof s.decoder !== 'string' || !file.test(s.decoder)) return 'source.decoder must be a file name';
  if (!['nchw', 'flat'].includes(s.inputLayout)) return 'source.inputLayout must be nchw or flat';
  if (!['nchw', 'flat'].includes(s.decoderLayout)) return 'source.decoderLayout must be nchw or flat';
  if (!['mu-logvar', 'split'].includes(s.encoderOutputs)) return 'source.encoderOutputs must be mu-logvar or split';
  if (!['logits', 'probs'].includes(s.decoderOutput)) return 'source.decoderOutput must be logits or probs';
  if (!['bce', 'mse'].includes(s.likelihood)) return 'source.likelihood must be bce or mse';
  if (!Number.isInteger(s.latent) || s.latent < 1) return 'source.latent must be a whole number ≥ 1';
  const r = s.inputRange;
  if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite) || !(r[1]! > r[0]!))
    return 'source.inputRange must be [low, high]';
  return null;
}

function checkSource(dir: string, meta: ModelMeta & { source: OnnxSource }): void {
  const why = sourceProblem(meta.source);
  if (why) throw new ContractError('MODEL_INVALID', `${dir} is not a usable Latent Explorer model: meta.json: ${why}.`);
}

/** For the model list: meta.json's source is sound and both graph files are there (not opened). */
export async function checkOnnxFolder(dir: string, meta: ModelMeta & { source: OnnxSource }): Promise<ModelMeta> {
  checkSource(dir, meta);
  for (const f of [meta.source.encoder, meta.source.decoder]) {
    const st = await fs.stat(path.join(dir, f)).catch(() => null);
    if (!st?.isFile())
      throw new ContractError('MODEL_INVALID', `${dir} is not a usable Latent Explorer model: ${f} cannot be read.`);
  }
  return meta;
}

function openPair(encFile: string, decFile: string): { enc: OnnxGraph; dec: OnnxGraph } {
  const enc = new OnnxGraph(encFile);
  try {
    return { enc, dec: new OnnxGraph(decFile) };
  } catch (e) {
    enc.dispose();
    throw e;
  }
}

/** Opens an imported model folder as an engine model (called by loadModel when meta says source onnx). */
export function openOnnxModel(dir: string, meta: ModelMeta & { source: OnnxSource }): { model: Vae; meta: ModelMeta } {
  checkSource(dir, meta);
  const s = meta.source;
  const { enc, dec } = openPair(path.join(dir, s.encoder), path.join(dir, s.decoder));
  try {
    // Re-detect from the graphs: a folder whose files were swapped is refused, not misread.
    const found = detectConventions(enc, dec, { ...s, shape: meta.shape });
    if (found.source.latent !== s.latent || JSON.stringify(found.shape) !== JSON.stringify(meta.shape))
      throw new ContractError(
        'MODEL_INVALID',
        `${dir}: its ONNX graphs do not match meta.json (latent or image shape).`,
      );
    const config = { ...DEFAULT_TRAIN_CONFIG, ...meta.config, latent: s.latent, loss: s.likelihood };
    const model = new Vae(config, meta.shape, undefined, new OnnxGraphs(enc, dec, s, meta.shape));
    return { model, meta: { ...meta, config } };
  } catch (e) {
    enc.dispose();
    dec.dispose();
    throw e;
  }
}

async function writeFolder(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    await fs.mkdir(tmp, { recursive: true });
    await write(tmp);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    if (e instanceof ContractError) throw e;
    throw new ContractError('EXPORT_FAILED', `Could not write the model to ${target}: ${(e as Error).message}`);
  }
}

async function mustBeNew(target: string): Promise<void> {
  try {
    await fs.stat(target);
  } catch {
    return;
  }
  // Never overwrite what the app did not create: the output must not exist yet.
  throw new ContractError('TARGET_EXISTS', `${target} already exists; choose a new folder for the model.`);
}

export interface ImportRequest extends ImportOptions {
  encoder: string;
  decoder: string;
  out: string;
  name?: string;
}

/**
 * Opens a pair of ONNX files, reads their conventions (shapes + options) and runs each once, so a
 * pair that is not ONNX, has the wrong shapes or does not fit together is refused before anything
 * is written. Used by `import` (CLI), the app's import dialog and its check alike.
 */
export async function inspectOnnxPair(
  req: ImportOptions & { encoder: string; decoder: string },
): Promise<ReturnType<typeof detectConventions>> {
  for (const f of [req.encoder, req.decoder]) {
    const st = await fs.stat(f).catch(() => null);
    if (!st) throw new ContractError('NOT_FOUND', `No such file: ${path.resolve(f)}.`);
    if (!st.isFile()) throw new ContractError('MODEL_INVALID', `${path.resolve(f)} is a folder, not an .onnx file.`);
  }
  const { enc, dec } = openPair(path.resolve(req.encoder), path.resolve(req.decoder));
  try {
    const found = detectConventions(enc, dec, req);
    // One real forward pass of each, so a graph that only fails when run is refused now.
    const d = found.shape.height * found.shape.width * found.shape.channels;
    const x =
      found.source.inputLayout === 'nchw' ? [2, found.shape.channels, found.shape.height, found.shape.width] : [2, d];
    const mu = enc.run({ data: new Float32Array(2 * d).fill(0.5), dims: x });
    const l = found.source.latent;
    if (mu[0]!.data.length !== 2 * l * (found.source.encoderOutputs === 'split' ? 2 : 1))
      throw new ContractError('MODEL_INVALID', `The encoder's outputs are [${mu[0]!.dims.join(', ')}], not [n, ${l}].`);
    const out = dec.run({ data: new Float32Array(2 * l), dims: [2, l] })[0]!;
    if (out.data.length !== 2 * d)
      throw new ContractError(
        'MODEL_INVALID',
        `The decoder outputs [${out.dims.join(', ')}] for 2 codes; the encoder takes ${d} values per image.`,
      );
    return found;
  } finally {
    enc.dispose();
    dec.dispose();
  }
}

/** Checks a pair of ONNX files against the conventions and writes them as a model folder. */
export async function importOnnx(req: ImportRequest): Promise<ModelMeta> {
  const target = path.resolve(req.out);
  await mustBeNew(target);
  const found = await inspectOnnxPair(req);
  const source: OnnxSource = { ...found.source, encoder: ENCODER_FILE, decoder: DECODER_FILE };
  const meta: ModelMeta = {
    format: 'latent-explorer-vae@1',
    name: req.name ?? path.basename(target),
    config: { ...DEFAULT_TRAIN_CONFIG, latent: source.latent, loss: source.likelihood },
    shape: found.shape,
    backend: 'cpu',
    seed: 0,
    datasetFingerprint: '',
    datasetName: '',
    history: [],
    createdAt: new Date().toISOString(),
    source,
  };
  await writeFolder(target, async (tmp) => {
    await fs.copyFile(req.encoder, path.join(tmp, ENCODER_FILE));
    await fs.copyFile(req.decoder, path.join(tmp, DECODER_FILE));
    await fs.writeFile(path.join(tmp, META_FILE), JSON.stringify(meta, null, 2));
  });
  return meta;
}

/** model.save of an imported model: its graphs copied, meta rewritten (the model folder stays ONNX). */
export async function saveOnnxModel(
  m: Vae,
  meta: Omit<ModelMeta, 'format' | 'config' | 'shape'>,
  dir: string,
): Promise<void> {
  const g = m.external as OnnxGraphs;
  const target = path.resolve(dir);
  const full: ModelMeta = {
    ...meta,
    format: 'latent-explorer-vae@1',
    config: m.config,
    shape: m.shape,
    source: g.source,
  };
  await writeFolder(target, async (tmp) => {
    await fs.copyFile(g.encoder.file, path.join(tmp, g.source.encoder));
    await fs.copyFile(g.decoder.file, path.join(tmp, g.source.decoder));
    await fs.writeFile(path.join(tmp, META_FILE), JSON.stringify(full, null, 2));
  });
}
