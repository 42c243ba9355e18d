// The one timing loop of the kernel-speed scripts: f's result read back (wasm runs eagerly, so the
// read ends the work) and disposed, `runs` times; the median of those after the first `warm`.
import type * as tf from '@tensorflow/tfjs';

export function medianMs(f: () => tf.Tensor, runs = 9, warm = 1): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = f();
    r.dataSync();
    r.dispose();
    if (i >= warm) ts.push(performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]!;
}
