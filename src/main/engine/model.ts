// The VAE: parameters as named tf.Variables plus the forward passes. Two architectures:
// - mlp: x → hidden… (ReLU) → μ, log σ²; z → hidden reversed (ReLU) → logits (the seeds' model);
// - conv: the β-VAE encoder (Higgins et al. 2017, disentanglement_lib): one 4×4 stride-2 convolution
//   (ReLU) per entry of `filters`, each halving the side (32,32,64,64 takes 64 px to 4×4×64), then the
//   dense `hidden` layers and μ, log σ²; the decoder mirrors it with 4×4 stride-2 transposed convs.
//   Sides that do not halve evenly (e.g. 100 px with 4 convs) are zero-padded inside the model to the
//   next multiple of 2^layers (100 → 112, 7×7 after four halvings), and the decoder's output is
//   cropped back, so the loss sees exactly the image's own pixels.
// Images are flat rows [n, h·w·c] (HWC order) everywhere outside this file.
import * as tf from '@tensorflow/tfjs';
import { ContractError, DEFAULT_CONV_FILTERS, type TrainConfig } from '../../shared/contract.js';
import { checkModelConfig } from '../../shared/train-fields.js';
import type { ImageShape, VaeModel } from './api.js';
import { conv2dLayer, convTLayer } from './conv.js';
import { dense, denseFromData } from './dense.js';
import { cropHW, padHW } from './nhwc.js';
import { deriveSeed, mulberry32, uniform } from './prng.js';

export const CONV_KERNEL = 4;

export interface ParamSpec {
  name: string;
  shape: number[];
  /** PyTorch's fan-in for its default init: U(±1/√fan_in) for weights and biases alike. */
  fanIn: number;
}

interface ConvPlan {
  /** Channels after each encoder conv. */
  filters: number[];
  /** Zero rows/columns added around the image so that every conv halves the side exactly. */
  pad: { top: number; bottom: number; left: number; right: number };
  /** Feature-map size after the last encoder conv. */
  height: number;
  width: number;
}

/**
 * The conv layout of models saved before `filters` existed (v0.1): 32, then 64s, one stride-2 conv
 * per halving while the side is even and above 8 (28 px → 32,64; 32 → 32,64; 64 → 32,64,64).
 */
export function legacyConvFilters(shape: ImageShape): number[] {
  const out: number[] = [];
  for (let side = shape.height; side > 8 && side % 2 === 0; side /= 2) out.push(out.length === 0 ? 32 : 64);
  return out;
}

/** The filters a conv config builds: its own, or the β-VAE default. */
export function convFilters(config: TrainConfig): number[] {
  return config.filters ? [...config.filters] : [...DEFAULT_CONV_FILTERS];
}

export function convPlan(filters: number[], shape: ImageShape): ConvPlan {
  const f = 2 ** filters.length;
  const ph = Math.ceil(shape.height / f) * f - shape.height;
  const pw = Math.ceil(shape.width / f) * f - shape.width;
  const top = Math.floor(ph / 2);
  const left = Math.floor(pw / 2);
  return {
    filters,
    pad: { top, bottom: ph - top, left, right: pw - left },
    height: (shape.height + ph) / f,
    width: (shape.width + pw) / f,
  };
}

/** The shared rules of the weight-defining settings (train-fields.ts), then what depends on the images. */
export function validateConfig(config: TrainConfig, shape: ImageShape): void {
  checkModelConfig(config);
  if (config.arch === 'conv') {
    // Each conv halves the side; more halvings than the image has would be mostly padding.
    const filters = convFilters(config);
    const side = Math.min(shape.height, shape.width);
    const most = Math.floor(Math.log2(side));
    if (filters.length > most)
      throw new ContractError(
        'BAD_ARGUMENT',
        `${shape.width}×${shape.height} px images fit at most ${most} stride-2 convolutions (each halves the side), got ${filters.length} filters [${filters.join(', ')}]: use fewer.`,
      );
  }
}

export function paramSpecs(config: TrainConfig, shape: ImageShape): ParamSpec[] {
  const specs: ParamSpec[] = [];
  const linear = (name: string, inp: number, out: number) => {
    specs.push({ name: `${name}.w`, shape: [inp, out], fanIn: inp }, { name: `${name}.b`, shape: [out], fanIn: inp });
  };
  const d = shape.height * shape.width * shape.channels;
  const k = CONV_KERNEL;
  let flat = d;
  let plan: ConvPlan | null = null;
  if (config.arch === 'conv') {
    plan = convPlan(convFilters(config), shape);
    let c: number = shape.channels;
    plan.filters.forEach((f, i) => {
      specs.push(
        { name: `conv${i}.w`, shape: [k, k, c, f], fanIn: k * k * c },
        { name: `conv${i}.b`, shape: [f], fanIn: k * k * c },
      );
      c = f;
    });
    flat = plan.height * plan.width * c;
  }
  let prev = flat;
  config.hidden.forEach((h, i) => {
    linear(`enc${i}`, prev, h);
    prev = h;
  });
  linear('mu', prev, config.latent);
  linear('logvar', prev, config.latent);
  const rev = [...config.hidden].reverse();
  prev = config.latent;
  rev.forEach((h, i) => {
    linear(`dec${i}`, prev, h);
    prev = h;
  });
  linear('out', prev, flat);
  if (plan) {
    const chans = [shape.channels, ...plan.filters];
    for (let i = plan.filters.length - 1, j = 0; i >= 0; i--, j++) {
      const ci = chans[i + 1]!;
      const co = chans[i]!;
      // PyTorch's ConvTranspose2d weight is [ci, co, k, k] and its fan-in is computed as co·k·k.
      specs.push(
        { name: `deconv${j}.w`, shape: [k, k, co, ci], fanIn: co * k * k },
        { name: `deconv${j}.b`, shape: [co], fanIn: co * k * k },
      );
    }
  }
  return specs;
}

/**
 * Forward passes that run outside tf (a model imported from ONNX, src/main/engine/onnx): the Vae then
 * has no parameters and delegates encodeT/decodeT to them, so every metric and view works unchanged.
 */
export interface ExternalGraphs {
  /** Where the model came from, for messages (e.g. "ONNX"). */
  readonly origin: string;
  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D };
  /** Logits [n, d] in our HWC row order. */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

export class Vae implements VaeModel {
  readonly specs: ParamSpec[];
  readonly params: tf.Variable[];
  private readonly byName = new Map<string, tf.Variable>();
  readonly plan: ConvPlan | null;
  private disposed = false;

  /** The config as built: a conv model's filters are always spelled out (and so saved). */
  readonly config: TrainConfig;

  constructor(
    config: TrainConfig,
    readonly shape: ImageShape,
    values?: Float32Array[],
    readonly external: ExternalGraphs | null = null,
  ) {
    if (external) {
      this.config = config;
      this.specs = [];
      this.params = [];
      this.plan = null;
      return;
    }
    validateConfig(config, shape);
    this.config = config.arch === 'conv' ? { ...config, filters: convFilters(config) } : config;
    this.specs = paramSpecs(this.config, shape);
    this.plan = this.config.arch === 'conv' ? convPlan(convFilters(this.config), shape) : null;
    const rng = mulberry32(deriveSeed(config.seed, 0x1417));
    this.params = this.specs.map((s, i) => {
      const size = s.shape.reduce((a, b) => a * b, 1);
      const v = values ? values[i]! : uniform(size, 1 / Math.sqrt(s.fanIn), rng);
      const variable = tf.tidy(() => tf.variable(tf.tensor(v, s.shape, 'float32'), true));
      this.byName.set(s.name, variable);
      return variable;
    });
  }

  get imageSize(): number {
    return this.shape.height * this.shape.width * this.shape.channels;
  }

  p<T extends tf.Tensor>(name: string): T {
    const v = this.byName.get(name);
    if (!v) throw new ContractError('INTERNAL', `The model has no parameter ${name}.`);
    return v as unknown as T;
  }

  assertLive(): void {
    if (this.disposed)
      throw new ContractError('MODEL_NOT_LOADED', 'This model was closed; open or train a model first.');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.params) v.dispose();
    this.external?.dispose();
  }
}

export function asVae(model: VaeModel): Vae {
  if (!(model instanceof Vae)) throw new ContractError('BAD_ARGUMENT', 'Not a model created by this engine.');
  model.assertLive();
  return model;
}

/** Encoder: x [n, d] in [0,1] → μ, log σ² [n, latent]. */
export function encodeT(m: Vae, x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  if (m.external) return m.external.encode(x);
  let h: tf.Tensor2D;
  let i = 0;
  if (m.plan) {
    let a = tf.reshape(x, [x.shape[0], m.shape.height, m.shape.width, m.shape.channels]) as tf.Tensor4D;
    const { top, bottom, left, right } = m.plan.pad;
    a = padHW(a, top, bottom, left, right);
    m.plan.filters.forEach((_, j) => {
      a = conv2dLayer(a, m.p(`conv${j}.w`), m.p(`conv${j}.b`), 2, 'relu', j > 0);
    });
    h = tf.reshape(a, [x.shape[0], -1]);
    for (; i < m.config.hidden.length; i++) h = dense(h, m.p(`enc${i}.w`), m.p(`enc${i}.b`), 'relu');
  } else {
    h = denseFromData(x, m.p('enc0.w'), m.p('enc0.b'), 'relu');
    for (i = 1; i < m.config.hidden.length; i++) h = dense(h, m.p(`enc${i}.w`), m.p(`enc${i}.b`), 'relu');
  }
  return { mu: dense(h, m.p('mu.w'), m.p('mu.b')), logvar: dense(h, m.p('logvar.w'), m.p('logvar.b')) };
}

/** Decoder: z [n, latent] → logits [n, d]. */
export function decodeT(m: Vae, z: tf.Tensor2D): tf.Tensor2D {
  if (m.external) return m.external.decode(z);
  let h = z;
  for (let i = 0; i < m.config.hidden.length; i++) h = dense(h, m.p(`dec${i}.w`), m.p(`dec${i}.b`), 'relu');
  if (!m.plan) return dense(h, m.p('out.w'), m.p('out.b'));
  h = dense(h, m.p('out.w'), m.p('out.b'), 'relu');
  const last = m.plan.filters[m.plan.filters.length - 1]!;
  let a = tf.reshape(h, [z.shape[0], m.plan.height, m.plan.width, last]) as tf.Tensor4D;
  const n = m.plan.filters.length;
  for (let j = 0; j < n; j++)
    a = convTLayer(a, m.p(`deconv${j}.w`), m.p(`deconv${j}.b`), 2, j === n - 1 ? 'linear' : 'relu');
  const { top, left } = m.plan.pad;
  a = cropHW(a, top, left, m.shape.height, m.shape.width);
  return tf.reshape(a, [z.shape[0], -1]);
}
