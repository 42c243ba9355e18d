// `latent-explorer export-onnx`: a model's encoder and decoder as ONNX files (see engine/onnx/export.ts).
import { ContractError } from '../../shared/contract.js';
import type { ExportOnnxCommand } from './args.js';

export async function runExportOnnx(cmd: ExportOnnxCommand, log: (line: string) => void): Promise<void> {
  log(`export-onnx ${cmd.model} → ${cmd.out}`);
  throw new ContractError('INTERNAL', 'export-onnx is not implemented yet.');
}
