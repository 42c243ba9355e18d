// `latent-explorer export-onnx`: a model's encoder and decoder as ONNX files (engine/onnx/export.ts).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ContractError } from '../../shared/contract.js';
import { engine } from '../engine/index.js';
import { exportOnnx } from '../engine/onnx/export.js';
import type { ExportOnnxCommand } from './args.js';
import { emitReport } from './output.js';

export async function runExportOnnx(cmd: ExportOnnxCommand, log: (line: string) => void): Promise<void> {
  const dir = resolve(cmd.model);
  if (!existsSync(dir)) throw new ContractError('NOT_FOUND', `no such model directory: ${dir}`);
  await engine.selectBackend('auto');
  const { model, meta } = await engine.loadModel(dir);
  try {
    const files = await exportOnnx(model, cmd.out);
    log(`wrote ${files.join(' and ')}`);
    await emitReport(
      { command: 'export-onnx', model_dir: cmd.model, files, latent: meta.config.latent, shape: meta.shape },
      null,
    );
  } finally {
    model.dispose();
  }
}
