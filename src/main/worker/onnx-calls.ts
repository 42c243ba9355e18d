// model.inspectOnnx / importOnnx / exportOnnx, run in the engine process: the same functions as the
// CLI's `import` and `export-onnx` (engine/onnx/), reached through the contract. The paths have been
// confined (browser host) or granted by a dialog (Electron) before they get here.
import { basename, join } from 'node:path';
import type { CallArg, CallResult, ExportResult, ModelEntry, OnnxConventions } from '../../shared/contract.js';
import { conventionsOf, importOptionsFrom } from '../engine/onnx/conventions.js';
import { onnxFilesOf, writeOnnxFiles } from '../engine/onnx/export.js';
import { DECODER_FILE, ENCODER_FILE, importOnnx, inspectOnnxPair } from '../engine/onnx/folder.js';
import { entryFromMeta, listModels, newModelId } from './model-calls.js';
import type { Session } from './session.js';
import { uniqueName } from './unique-name.js';

export async function inspectOnnx(_s: Session, arg: CallArg<'model.inspectOnnx'>): Promise<OnnxConventions> {
  const found = await inspectOnnxPair({
    ...importOptionsFrom(arg.options),
    encoder: arg.encoder,
    decoder: arg.decoder,
  });
  return conventionsOf(found.source, found.shape);
}

export async function importOnnxModel(s: Session, arg: CallArg<'model.importOnnx'>): Promise<ModelEntry> {
  const name = uniqueName(
    arg.name.trim() || 'imported',
    (await listModels(s)).map((e) => e.name),
  );
  const id = newModelId(name);
  // A fresh folder in the store: importOnnx writes it whole (temp + rename) or not at all.
  const meta = await importOnnx({
    ...importOptionsFrom(arg.options),
    encoder: arg.encoder,
    decoder: arg.decoder,
    out: join(s.modelsDir, id),
    name,
  });
  return entryFromMeta(id, meta);
}

export async function exportOnnxModel(
  s: Session,
  arg: CallArg<'model.exportOnnx'>,
): Promise<CallResult<'model.exportOnnx'>> {
  const m = s.requireModel();
  const files = await onnxFilesOf(m.vae);
  const result = (file: string, bytes: Uint8Array, path: string | null): ExportResult => ({
    fileName: path ? basename(path) : file,
    mime: 'application/octet-stream',
    byteLength: bytes.byteLength,
    path,
    bytes: path ? null : bytes,
  });
  if (arg.dir === undefined) {
    return {
      encoder: result(ENCODER_FILE, files.encoder, null),
      decoder: result(DECODER_FILE, files.decoder, null),
      conventions: files.conventions,
      reexported: files.reexported,
    };
  }
  const [enc, dec] = await writeOnnxFiles(files, arg.dir);
  return {
    encoder: result(ENCODER_FILE, files.encoder, enc!),
    decoder: result(DECODER_FILE, files.decoder, dec!),
    conventions: files.conventions,
    reexported: files.reexported,
  };
}
