// `latent-explorer import`: a VAE trained elsewhere (ONNX encoder + decoder) as a model folder.
import { importOnnx } from '../engine/onnx/folder.js';
import type { ImportCommand } from './args.js';
import { emitReport } from './output.js';

export async function runImport(cmd: ImportCommand, log: (line: string) => void): Promise<void> {
  const meta = await importOnnx({ ...cmd, name: cmd.name ?? undefined });
  const s = meta.source!;
  log(
    `imported: ${meta.shape.width}×${meta.shape.height}×${meta.shape.channels} images, latent ${s.latent}, ` +
      `input ${s.inputLayout} in [${s.inputRange.join(', ')}], decoder ${s.decoderOutput}, likelihood ${s.likelihood}`,
  );
  await emitReport({ command: 'import', model_dir: cmd.out, shape: meta.shape, source: s }, null);
}
