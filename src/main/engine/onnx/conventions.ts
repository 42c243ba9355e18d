// How an ONNX encoder/decoder pair is read (PyTorch's conventions, as torch.onnx.export writes them),
// worked out from the graphs' declared shapes where they say enough, from the options where not.
import {
  ContractError,
  type OnnxConventions,
  type OnnxImportOptions,
  type OnnxInputRange,
} from '../../../shared/contract.js';
import type { ImageShape } from '../api.js';
import type { ValueInfo } from './runtime.js';

/** meta.json's `source` of a model imported from ONNX: everything needed to run it as ours. */
export interface OnnxSource {
  kind: 'onnx';
  encoder: string; // file name inside the model folder
  decoder: string;
  /** Encoder input [n, C, H, W] (nchw) or [n, C·H·W] (flat, CHW order). */
  inputLayout: 'nchw' | 'flat';
  /** Pixel values the encoder was trained on: [0, 1] or [−1, 1]. */
  inputRange: [number, number];
  /** Two outputs μ, log σ² [n, latent], or one [n, 2·latent] read as [μ | log σ²]. */
  encoderOutputs: 'mu-logvar' | 'split';
  decoderOutput: 'logits' | 'probs';
  decoderLayout: 'nchw' | 'flat';
  likelihood: 'bce' | 'mse';
  latent: number;
  trainedBy?: string;
}

export interface ImportOptions {
  inputRange: [number, number];
  decoderOutput: 'logits' | 'probs';
  likelihood: 'bce' | 'mse';
  /** Needed only when the encoder takes flat rows whose size does not say the image shape. */
  shape: ImageShape | null;
}

const bad = (m: string) => new ContractError('MODEL_INVALID', m);

function fixed(v: ValueInfo, from: number): number[] | null {
  const dims = v.shape.slice(from);
  return dims.every((d) => d !== null) ? (dims as number[]) : null;
}

/** A flat row of d values: d = s² (grey) or 3·s² (colour), square images only. */
function shapeOfFlat(d: number): ImageShape | null {
  const grey = Math.round(Math.sqrt(d));
  if (grey * grey === d) return { height: grey, width: grey, channels: 1 };
  const rgb = Math.round(Math.sqrt(d / 3));
  if (3 * rgb * rgb === d) return { height: rgb, width: rgb, channels: 3 };
  return null;
}

export function detectConventions(
  enc: { inputs: ValueInfo[]; outputs: ValueInfo[] },
  dec: { inputs: ValueInfo[]; outputs: ValueInfo[] },
  opts: ImportOptions,
): { source: Omit<OnnxSource, 'encoder' | 'decoder'>; shape: ImageShape } {
  if (enc.inputs.length !== 1) throw bad(`The encoder must take one input (images); it takes ${enc.inputs.length}.`);
  if (dec.inputs.length !== 1) throw bad(`The decoder must take one input (z); it takes ${dec.inputs.length}.`);
  if (dec.outputs.length !== 1) throw bad(`The decoder must have one output (images); it has ${dec.outputs.length}.`);
  const x = enc.inputs[0]!;
  let shape: ImageShape;
  let inputLayout: OnnxSource['inputLayout'];
  if (x.shape.length === 4) {
    const dims = fixed(x, 1);
    if (!dims) throw bad(`The encoder input ${x.name} has dynamic C, H or W; export it with a fixed image size.`);
    const [c, h, w] = dims as [number, number, number];
    if (c !== 1 && c !== 3)
      throw bad(`The encoder input has ${c} channels; Latent Explorer takes 1 (grey) or 3 (RGB).`);
    shape = { height: h, width: w, channels: c };
    inputLayout = 'nchw';
  } else if (x.shape.length === 2) {
    const d = x.shape[1];
    if (d === null || d === undefined)
      throw bad('The encoder input has a dynamic row size; export it with a fixed size.');
    const s = opts.shape ?? shapeOfFlat(d);
    if (!s)
      throw bad(
        `The encoder takes flat rows of ${d} values, which is not a square grey or RGB image; give the image shape (--shape HxWxC).`,
      );
    if (s.height * s.width * s.channels !== d)
      throw bad(
        `The shape ${s.height}x${s.width}x${s.channels} has ${s.height * s.width * s.channels} values, the encoder takes ${d}.`,
      );
    shape = s;
    inputLayout = 'flat';
  } else {
    throw bad(
      `The encoder input must be [n, C, H, W] or [n, C·H·W]; it is [${x.shape.map((d) => d ?? '?').join(', ')}].`,
    );
  }
  for (const o of enc.outputs)
    if (o.shape.length !== 2)
      throw bad(
        `The encoder's output ${o.name} is [${o.shape.map((v) => v ?? 'n').join(', ')}], not codes [n, latent]: is this file the decoder? Give the encoder (images → μ, log σ²) here.`,
      );
  const z = dec.inputs[0]!;
  let latent = z.shape.length === 2 ? z.shape[1] : undefined;
  let encoderOutputs: OnnxSource['encoderOutputs'];
  if (enc.outputs.length === 2) {
    encoderOutputs = 'mu-logvar';
    const l = enc.outputs[0]!.shape[1] ?? enc.outputs[1]!.shape[1];
    if (latent == null) latent = l;
    if (l != null && l !== latent) throw bad(`The encoder gives ${l}-d codes, the decoder takes ${latent}-d.`);
  } else if (enc.outputs.length === 1) {
    encoderOutputs = 'split';
    const two = enc.outputs[0]!.shape[1];
    if (latent == null && two != null) latent = two / 2;
    if (two != null && two !== 2 * latent!)
      throw bad(`The encoder's one output has ${two} columns; it must be [μ | log σ²] of 2×${latent}.`);
  } else {
    throw bad(
      `The encoder must output μ and log σ² (two outputs, or one [n, 2·latent]); it has ${enc.outputs.length}.`,
    );
  }
  if (latent == null || !Number.isInteger(latent) || latent < 1)
    throw bad('The latent size cannot be read from the graphs; export the decoder with a fixed z size.');
  const o = dec.outputs[0]!;
  const d = shape.height * shape.width * shape.channels;
  let decoderLayout: OnnxSource['decoderLayout'];
  if (o.shape.length === 4) {
    decoderLayout = 'nchw';
    const dims = fixed(o, 1);
    if (dims && (dims[0] !== shape.channels || dims[1] !== shape.height || dims[2] !== shape.width))
      throw bad(
        `The decoder outputs [n, ${dims.join(', ')}], the encoder takes [n, ${shape.channels}, ${shape.height}, ${shape.width}].`,
      );
  } else if (o.shape.length === 2) {
    decoderLayout = 'flat';
    if (o.shape[1] != null && o.shape[1] !== d)
      throw bad(`The decoder outputs ${o.shape[1]} values per image, the encoder takes ${d}.`);
  } else {
    throw bad(
      `The decoder output must be [n, C, H, W] or [n, C·H·W]; it is [${o.shape.map((v) => v ?? '?').join(', ')}].`,
    );
  }
  return {
    source: {
      kind: 'onnx',
      inputLayout,
      inputRange: opts.inputRange,
      encoderOutputs,
      decoderOutput: opts.decoderOutput,
      decoderLayout,
      likelihood: opts.likelihood,
      latent,
    },
    shape,
  };
}

const RANGES: Record<OnnxInputRange, [number, number]> = { '0,1': [0, 1], '-1,1': [-1, 1] };

/** The contract's options (what the import dialog sends) as the engine reads them; absent = the defaults. */
export function importOptionsFrom(o: OnnxImportOptions | undefined): ImportOptions {
  return {
    inputRange: RANGES[o?.inputRange ?? '0,1'],
    decoderOutput: o?.decoderOutput ?? 'logits',
    likelihood: o?.likelihood ?? 'bce',
    shape: o?.shape ?? null,
  };
}

/** What the app shows of a pair's conventions (the contract's form of a detected source). */
export function conventionsOf(s: Omit<OnnxSource, 'encoder' | 'decoder' | 'kind'>, shape: ImageShape): OnnxConventions {
  const range = (Object.keys(RANGES) as OnnxInputRange[]).find(
    (k) => RANGES[k][0] === s.inputRange[0] && RANGES[k][1] === s.inputRange[1],
  );
  if (!range) throw bad(`The input range [${s.inputRange.join(', ')}] is neither [0, 1] nor [-1, 1].`);
  return {
    height: shape.height,
    width: shape.width,
    channels: shape.channels,
    latent: s.latent,
    inputLayout: s.inputLayout,
    encoderOutputs: s.encoderOutputs,
    decoderLayout: s.decoderLayout,
    inputRange: range,
    decoderOutput: s.decoderOutput,
    likelihood: s.likelihood,
  };
}
