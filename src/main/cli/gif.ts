// `latent-explorer gif`: interpolation between two dataset images, decoded frame by frame.
import { data } from '../data/index.js';
import { engine } from '../engine/index.js';
import { exporter } from '../export/index.js';
import type { GifCommand } from './args.js';
import { checkIndex } from './indices.js';
import { openModelAndData } from './open-model.js';
import { writeOutput } from './output.js';
import type { Progress } from './progress.js';

export async function runGif(cmd: GifCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  const { model, dataset } = await openModelAndData(cmd, progress);
  try {
    checkIndex('gif', 'from', cmd.from, dataset.info.count);
    checkIndex('gif', 'to', cmd.to, dataset.info.count);
    const { mu } = engine.encode(model, data.pickImages(dataset.images, [cmd.from, cmd.to]));
    const d = mu.cols;
    const ts = Array.from({ length: cmd.frames }, (_, i) => i / (cmd.frames - 1));
    const z = engine.interpolate(mu.data.slice(0, d), mu.data.slice(d, 2 * d), ts, cmd.slerp ? 'slerp' : 'linear');
    const frames = engine.decode(model, z);
    const bytes = exporter.encodeGif(frames, { fps: cmd.fps, size: cmd.size, pingpong: cmd.pingpong });
    const path = await writeOutput(cmd.out, bytes);
    log(
      `wrote ${path} (${frames.n} frames${cmd.pingpong ? ', ping-pong' : ''}, ${cmd.size}×${cmd.size}, ${bytes.byteLength} bytes)`,
    );
  } finally {
    model.dispose();
  }
}
