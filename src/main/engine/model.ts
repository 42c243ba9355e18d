// The VAE: parameters as named tf.Variables plus the forward passes. Two architectures:
// - mlp: x → hidden… (ReLU) → μ, log σ²; z → hidden reversed (ReLU) → logits (the seeds' model);
// - conv: stride-2 4×4 convolutions (ReLU) down to ≤ 8 px, then the mlp's dense part; the decoder
//   mirrors it with transposed convolutions.
// Images are flat rows [n, h·w·c] (HWC order) everywhere outside this file.
import * as tf from '@tensorflow/tfjs';
import { ContractError, type TrainConfig } from '../../shared/contract.js';
import type { ImageShape, VaeModel } from './api.js';
import { conv2dLayer, convTLayer } from './conv.js';
import { dense, denseFromData } from './dense.js';
import { deriveSeed, mulberry32, uniform } from './prng.js';

export const CONV_KERNEL = 4;
const CONV_FILTERS = [32, 64, 64];

export interface ParamSpec {
  name: string;
  shape: number[];
  /** PyTorch's fan-in for its default init: U(±1/√fan_in) for weights and biases alike. */
  fanIn: number;
}

interface ConvPlan {
  /** Channels after each encoder conv. */
  filters: number[];
  /** Side length after the last encoder conv. */
  side: number;
}

export function convPlan(shape: ImageShape): ConvPlan {
  const filters: number[] = [];
  let side = shape.height;
  while (side > 8) {
    if (side % 2 !== 0) break;
    side /= 2;
    filters.push(CONV_FILTERS[Math.min(filters.length, CONV_FILTERS.length - 1)]!);
  }
  return { filters, side };
}

export function validateConfig(config: TrainConfig, shape: ImageShape): void {
  const bad = (m: string) => new ContractError('BAD_ARGUMENT', m);
  if (!Number.isInteger(config.latent) || config.latent < 2 || config.latent > 128)
    throw bad(`Latent size must be an integer from 2 to 128 (got ${config.latent}).`);
  if (!config.hidden.length || config.hidden.some((h) => !Number.isInteger(h) || h < 1 || h > 8192))
    throw bad(`Hidden sizes must be integers from 1 to 8192 (got [${config.hidden.join(', ')}]).`);
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate))
    throw bad(`Learning rate must be a positive number (got ${config.learningRate}).`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1)
    throw bad(`Batch size must be a positive integer (got ${config.batchSize}).`);
  if (!(config.beta >= 0)) throw bad(`β must be zero or positive (got ${config.beta}).`);
  if (config.arch === 'conv') {
    if (shape.height !== shape.width || ![28, 32, 64].includes(shape.height)) {
      throw bad(
        `The conv architecture needs square images of 28, 32 or 64 px (got ${shape.width}×${shape.height}); resize the images or use the mlp architecture.`,
      );
    }
  } else if (config.arch !== 'mlp') {
    throw bad(`Unknown architecture "${String(config.arch)}": use mlp or conv.`);
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
    plan = convPlan(shape);
    let c: number = shape.channels;
    plan.filters.forEach((f, i) => {
      specs.push(
        { name: `conv${i}.w`, shape: [k, k, c, f], fanIn: k * k * c },
        { name: `conv${i}.b`, shape: [f], fanIn: k * k * c },
      );
      c = f;
    });
    flat = plan.side * plan.side * c;
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

  constructor(
    readonly config: TrainConfig,
    readonly shape: ImageShape,
    values?: Float32Array[],
    readonly external: ExternalGraphs | null = null,
  ) {
    if (external) {
      this.specs = [];
      this.params = [];
      this.plan = null;
      return;
    }
    validateConfig(config, shape);
    this.specs = paramSpecs(config, shape);
    this.plan = config.arch === 'conv' ? convPlan(shape) : null;
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
  let a = tf.reshape(h, [z.shape[0], m.plan.side, m.plan.side, last]) as tf.Tensor4D;
  const n = m.plan.filters.length;
  for (let j = 0; j < n; j++)
    a = convTLayer(a, m.p(`deconv${j}.w`), m.p(`deconv${j}.b`), 2, j === n - 1 ? 'linear' : 'relu');
  return tf.reshape(a, [z.shape[0], -1]);
}
