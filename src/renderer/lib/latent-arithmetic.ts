// Latent arithmetic on the UI side, over the codes (μ) of the open dataset: analogies C + (B − A) and
// attribute vectors mean(label X) − mean(label Y). The result is always base + s·direction, so one
// strength slider and one GIF source ('line') serve both.
import type { Matrix } from '../../shared/contract';

export interface LatentLine {
  base: Float32Array;
  direction: Float32Array;
}

/** Row `index` of a codes matrix (a copy). */
export function codeOf(codes: Matrix, index: number): Float32Array {
  if (!Number.isInteger(index) || index < 0 || index >= codes.rows) {
    throw new RangeError(`image ${index} does not exist; the dataset has images 0..${codes.rows - 1}`);
  }
  return codes.data.slice(index * codes.cols, (index + 1) * codes.cols);
}

/** Mean code of the images with label `label`; null when no image has it. */
export function labelMean(codes: Matrix, labels: Int32Array, label: number): Float32Array | null {
  const d = codes.cols;
  const acc = new Float64Array(d);
  let n = 0;
  for (let r = 0; r < codes.rows; r++) {
    if (labels[r] !== label) continue;
    n++;
    for (let j = 0; j < d; j++) acc[j]! += codes.data[r * d + j]!;
  }
  return n === 0 ? null : Float32Array.from(acc, (v) => v / n);
}

/** C + s·(B − A). */
export function analogy(codes: Matrix, a: number, b: number, c: number): LatentLine {
  const za = codeOf(codes, a);
  const zb = codeOf(codes, b);
  return { base: codeOf(codes, c), direction: zb.map((v, j) => v - za[j]!) };
}

/** image + s·(mean(label X) − mean(label Y)); null when either label has no image. */
export function attribute(codes: Matrix, labels: Int32Array, image: number, x: number, y: number): LatentLine | null {
  const mx = labelMean(codes, labels, x);
  const my = labelMean(codes, labels, y);
  if (!mx || !my) return null;
  return { base: codeOf(codes, image), direction: mx.map((v, j) => v - my[j]!) };
}

/** base + s·direction. */
export function pointOn(line: LatentLine, s: number): Float32Array {
  return line.base.map((v, j) => v + s * line.direction[j]!);
}
