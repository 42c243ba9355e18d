// GIF export: ms to encode a 60-frame 256×256 GIF of decoded interpolation frames.
import { data } from '../src/main/data/index.js';
import { engine } from '../src/main/engine/index.js';
import { exporter } from '../src/main/export/index.js';
import { MNIST_DIR } from './paths.js';
import { percentile, round, timeRuns } from './stats.js';

export interface GifResult {
  frames: number;
  size: number;
  bytes: number;
  /** Decoding the frames plus encoding the GIF, as an export does. */
  total_ms: number;
  /** Encoding alone (median of a few runs). */
  encode_ms: number;
}

export async function benchGif(modelDir: string): Promise<GifResult> {
  const { model } = await engine.loadModel(modelDir);
  try {
    const { images } = await data.loadIdxDir(MNIST_DIR);
    const frames = 60;
    const ts = Array.from({ length: frames }, (_, i) => i / (frames - 1));
    const options = { fps: 15, size: 256, pingpong: false };
    const t0 = performance.now();
    const { mu } = engine.encode(model, data.pickImages(images, [0, 1]));
    const d = mu.cols;
    const z = engine.interpolate(mu.data.slice(0, d), mu.data.slice(d), ts, 'linear');
    const decoded = engine.decode(model, z);
    const bytes = exporter.encodeGif(decoded, options);
    const total = performance.now() - t0;
    const runs = await timeRuns(3, 0, () => exporter.encodeGif(decoded, options));
    return {
      frames,
      size: 256,
      bytes: bytes.byteLength,
      total_ms: round(total, 1),
      encode_ms: round(percentile(runs, 50), 1),
    };
  } finally {
    model.dispose();
  }
}
