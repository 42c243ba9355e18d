// An imported encoder/decoder pair as the engine's ExternalGraphs: our rows (HWC, [0, 1]) in,
// μ / log σ² and decoder logits (HWC) out, converted to and from the graphs' own conventions.
import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../api.js';
import type { ExternalGraphs } from '../model.js';
import type { OnnxSource } from './conventions.js';
import { OnnxGraph } from './runtime.js';

/** Probabilities are clamped this far from 0 and 1 before log-odds, so a saturated pixel stays finite. */
const PROB_EPS = 1e-7;

/** HWC rows ↔ CHW rows (the same array when there is one channel). */
function permute(src: Float32Array, n: number, shape: ImageShape, toChw: boolean): Float32Array {
  const { height: h, width: w, channels: c } = shape;
  if (c === 1) return src;
  const out = new Float32Array(src.length);
  const hw = h * w;
  for (let i = 0; i < n; i++) {
    const o = i * hw * c;
    for (let p = 0; p < hw; p++)
      for (let k = 0; k < c; k++) {
        if (toChw) out[o + k * hw + p] = src[o + p * c + k]!;
        else out[o + p * c + k] = src[o + k * hw + p]!;
      }
  }
  return out;
}

export class OnnxGraphs implements ExternalGraphs {
  readonly origin = 'ONNX';

  constructor(
    readonly encoder: OnnxGraph,
    readonly decoder: OnnxGraph,
    readonly source: OnnxSource,
    readonly shape: ImageShape,
  ) {}

  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
    const n = x.shape[0];
    const { height: h, width: w, channels: c } = this.shape;
    const [lo, hi] = this.source.inputRange;
    const rows = permute(x.dataSync() as Float32Array, n, this.shape, true);
    const input = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) input[i] = lo + (hi - lo) * rows[i]!;
    const dims = this.source.inputLayout === 'nchw' ? [n, c, h, w] : [n, c * h * w];
    const outs = this.encoder.run({ data: input, dims });
    const l = this.source.latent;
    if (this.source.encoderOutputs === 'mu-logvar')
      return { mu: tf.tensor2d(outs[0]!.data, [n, l]), logvar: tf.tensor2d(outs[1]!.data, [n, l]) };
    const both = outs[0]!.data;
    const mu = new Float32Array(n * l);
    const logvar = new Float32Array(n * l);
    for (let i = 0; i < n; i++) {
      mu.set(both.subarray(i * 2 * l, i * 2 * l + l), i * l);
      logvar.set(both.subarray(i * 2 * l + l, (i + 1) * 2 * l), i * l);
    }
    return { mu: tf.tensor2d(mu, [n, l]), logvar: tf.tensor2d(logvar, [n, l]) };
  }

  decode(z: tf.Tensor2D): tf.Tensor2D {
    const n = z.shape[0];
    const d = this.shape.height * this.shape.width * this.shape.channels;
    const out = this.decoder.run({ data: z.dataSync() as Float32Array, dims: [n, this.source.latent] })[0]!;
    let v = permute(out.data, n, this.shape, false);
    if (this.source.decoderOutput === 'probs') {
      const logits = new Float32Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const p = Math.min(1 - PROB_EPS, Math.max(PROB_EPS, v[i]!));
        logits[i] = Math.log(p) - Math.log1p(-p);
      }
      v = logits;
    }
    return tf.tensor2d(v, [n, d]);
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }
}
