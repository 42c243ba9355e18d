// Our MLP and conv VAEs as ONNX graphs in the conventions `import` reads: encoder x [n, C, H, W] in
// [0, 1] → mu, logvar [n, latent]; decoder z [n, latent] → logits [n, C, H, W]. Our rows are HWC, so
// the graphs transpose at their ends; tfjs kernels [k, k, a, b] become ONNX's [b, a, k, k].
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/contract.js';
import type { VaeModel } from '../api.js';
import { asVae, CONV_KERNEL, type Vae } from '../model.js';
import type { OnnxConventions } from '../../../shared/contract.js';
import { conventionsOf } from './conventions.js';
import { DECODER_FILE, ENCODER_FILE } from './folder.js';
import { OnnxGraphs } from './graphs.js';
import { encodeModel, type Graph, type Node, type Tensor } from './protobuf.js';

const PRODUCER = 'latent-explorer';

/** [k, k, a, b] (tfjs) → [b, a, k, k] (ONNX Conv weight, and ConvTranspose's [C_in, C_out, k, k]). */
function kernelToOnnx(w: Float32Array, k: number, a: number, b: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++)
      for (let i = 0; i < a; i++)
        for (let o = 0; o < b; o++) out[((o * a + i) * k + y) * k + x] = w[((y * k + x) * a + i) * b + o]!;
  return out;
}

class Builder {
  nodes: Node[] = [];
  inits: Tensor[] = [];
  private count = 0;

  constructor(private readonly m: Vae) {}

  fresh(stem: string): string {
    return `${stem}_${this.count++}`;
  }

  param(name: string, data?: Float32Array, dims?: number[]): string {
    const t = this.m.p(name);
    this.inits.push({ name, dims: dims ?? t.shape, data: data ?? (t.dataSync() as Float32Array) });
    return name;
  }

  shapeConst(dims: number[]): string {
    const name = this.fresh('shape');
    this.inits.push({ name, dims: [dims.length], data: { int64: dims } });
    return name;
  }

  op(op: string, inputs: string[], attrs?: Node['attrs'], out?: string): string {
    const o = out ?? this.fresh(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [o], attrs });
    return o;
  }

  dense(x: string, layer: string, relu: boolean, out?: string): string {
    const y = this.op(
      'Gemm',
      [x, this.param(`${layer}.w`), this.param(`${layer}.b`)],
      undefined,
      relu ? undefined : out,
    );
    return relu ? this.op('Relu', [y], undefined, out) : y;
  }
}

function encoderGraph(m: Vae): Graph {
  const { height: h, width: w, channels: c } = m.shape;
  const b = new Builder(m);
  const k = CONV_KERNEL;
  let a = 'x';
  let flat = h * w * c;
  if (m.plan) {
    const { top, bottom, left, right } = m.plan.pad;
    // Zero rows/columns so that every conv halves the side exactly (as encodeT pads).
    if (top || bottom || left || right) a = b.op('Pad', [a, b.shapeConst([0, 0, top, left, 0, 0, bottom, right])]);
    let ci: number = c;
    m.plan.filters.forEach((f, j) => {
      const wt = kernelToOnnx(m.p(`conv${j}.w`).dataSync() as Float32Array, k, ci, f);
      const attrs = [
        { name: 'kernel_shape', ints: [k, k] },
        { name: 'strides', ints: [2, 2] },
        { name: 'pads', ints: [1, 1, 1, 1] },
      ];
      a = b.op('Relu', [b.op('Conv', [a, b.param(`conv${j}.w`, wt, [f, ci, k, k]), b.param(`conv${j}.b`)], attrs)]);
      ci = f;
    });
    flat = m.plan.height * m.plan.width * ci;
  }
  // Our dense layers read rows in HWC order.
  a = b.op('Reshape', [b.op('Transpose', [a], [{ name: 'perm', ints: [0, 2, 3, 1] }]), b.shapeConst([-1, flat])]);
  m.config.hidden.forEach((_, i) => (a = b.dense(a, `enc${i}`, true)));
  b.dense(a, 'mu', false, 'mu');
  b.dense(a, 'logvar', false, 'logvar');
  return {
    name: 'encoder',
    nodes: b.nodes,
    initializers: b.inits,
    inputs: [{ name: 'x', shape: ['n', c, h, w] }],
    outputs: [
      { name: 'mu', shape: ['n', m.config.latent] },
      { name: 'logvar', shape: ['n', m.config.latent] },
    ],
  };
}

function decoderGraph(m: Vae): Graph {
  const { height: h, width: w, channels: c } = m.shape;
  const b = new Builder(m);
  const k = CONV_KERNEL;
  let a = 'z';
  m.config.hidden.forEach((_, i) => (a = b.dense(a, `dec${i}`, true)));
  const toNchw = [{ name: 'perm', ints: [0, 3, 1, 2] }];
  if (!m.plan) {
    a = b.dense(a, 'out', false);
    b.op('Transpose', [b.op('Reshape', [a, b.shapeConst([-1, h, w, c])])], toNchw, 'logits');
  } else {
    const plan = m.plan;
    a = b.dense(a, 'out', true);
    const last = plan.filters[plan.filters.length - 1]!;
    a = b.op('Transpose', [b.op('Reshape', [a, b.shapeConst([-1, plan.height, plan.width, last])])], toNchw);
    const chans = [c, ...plan.filters];
    const n = plan.filters.length;
    for (let i = n - 1, j = 0; i >= 0; i--, j++) {
      const ci = chans[i + 1]!;
      const co = chans[i]!;
      // tfjs's conv2dTranspose filter [k, k, co, ci] → ONNX ConvTranspose W [ci, co, k, k].
      const wt = kernelToOnnx(m.p(`deconv${j}.w`).dataSync() as Float32Array, k, co, ci);
      const attrs = [
        { name: 'kernel_shape', ints: [k, k] },
        { name: 'strides', ints: [2, 2] },
        { name: 'pads', ints: [1, 1, 1, 1] },
      ];
      const y = b.op('ConvTranspose', [a, b.param(`deconv${j}.w`, wt, [ci, co, k, k]), b.param(`deconv${j}.b`)], attrs);
      a = j === n - 1 ? y : b.op('Relu', [y]);
    }
    const { top, left } = plan.pad;
    // The padding the encoder added is cut off again (as decodeT slices).
    const starts = b.shapeConst([top, left]);
    const ends = b.shapeConst([top + h, left + w]);
    b.op('Slice', [a, starts, ends, b.shapeConst([2, 3])], undefined, 'logits');
  }
  return {
    name: 'decoder',
    nodes: b.nodes,
    initializers: b.inits,
    inputs: [{ name: 'z', shape: ['n', m.config.latent] }],
    outputs: [{ name: 'logits', shape: ['n', c, h, w] }],
  };
}

/** The two ONNX files' bytes of one of our models. */
export function exportOnnxBytes(model: VaeModel): { encoder: Uint8Array; decoder: Uint8Array } {
  const m = asVae(model);
  if (m.external)
    throw new ContractError(
      'BAD_ARGUMENT',
      'This model was imported from ONNX: use onnxFilesOf to re-export its files.',
    );
  return { encoder: encodeModel(encoderGraph(m), PRODUCER), decoder: encodeModel(decoderGraph(m), PRODUCER) };
}

export interface OnnxFiles {
  encoder: Uint8Array;
  decoder: Uint8Array;
  conventions: OnnxConventions;
  /** An imported model: its own files, unchanged (in its own conventions). */
  reexported: boolean;
}

/**
 * encoder.onnx and decoder.onnx of any model: ours built from the weights (our conventions), an
 * imported one re-read from the files it was opened from (there is no graph of ours to build).
 */
export async function onnxFilesOf(model: VaeModel): Promise<OnnxFiles> {
  const m = asVae(model);
  if (m.external instanceof OnnxGraphs) {
    const g = m.external;
    const read = async (file: string) => {
      try {
        return new Uint8Array(await fs.readFile(file));
      } catch (e) {
        throw new ContractError(
          'EXPORT_FAILED',
          `This model was imported from ONNX and its file ${file} cannot be read any more (${(e as Error).message}); open the model again from the list.`,
        );
      }
    };
    return {
      encoder: await read(g.encoder.file),
      decoder: await read(g.decoder.file),
      conventions: conventionsOf(g.source, g.shape),
      reexported: true,
    };
  }
  if (m.external)
    throw new ContractError('BAD_ARGUMENT', `This model came from ${m.external.origin} and cannot be written as ONNX.`);
  const { encoder, decoder } = exportOnnxBytes(m);
  const conventions = conventionsOf(
    {
      inputLayout: 'nchw',
      inputRange: [0, 1],
      encoderOutputs: 'mu-logvar',
      decoderOutput: 'logits',
      decoderLayout: 'nchw',
      likelihood: m.config.loss,
      latent: m.config.latent,
    },
    m.shape,
  );
  return { encoder, decoder, conventions, reexported: false };
}

/** Writes encoder.onnx and decoder.onnx into `dir` (created), refusing to replace existing files. */
export async function exportOnnx(model: VaeModel, dir: string): Promise<string[]> {
  return writeOnnxFiles(await onnxFilesOf(model), dir);
}

/** The files into `dir` (created): new files only, never replacing one the app did not create. */
export async function writeOnnxFiles(files: Pick<OnnxFiles, 'encoder' | 'decoder'>, dir: string): Promise<string[]> {
  const target = path.resolve(dir);
  for (const file of [ENCODER_FILE, DECODER_FILE]) {
    // Both checked before either is written, so a refusal leaves no half export behind.
    const there = await fs.stat(path.join(target, file)).catch(() => null);
    if (there)
      throw new ContractError(
        'TARGET_EXISTS',
        `${path.join(target, file)} already exists; choose an empty folder for the export.`,
      );
  }
  try {
    await fs.mkdir(target, { recursive: true });
  } catch (e) {
    throw new ContractError('EXPORT_FAILED', `Could not create ${target}: ${(e as Error).message}`);
  }
  const written: string[] = [];
  for (const [file, b] of [
    [ENCODER_FILE, files.encoder],
    [DECODER_FILE, files.decoder],
  ] as const) {
    const p = path.join(target, file);
    try {
      // 'wx': never overwrite a file the app did not create.
      await fs.writeFile(p, b, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST')
        throw new ContractError('TARGET_EXISTS', `${p} already exists; choose an empty folder for the export.`);
      throw new ContractError('EXPORT_FAILED', `Could not write ${p}: ${(e as Error).message}`);
    }
    written.push(p);
  }
  return written;
}
