// Issue 13 through the service the app and the browser host use (real engine process, real MNIST):
// a model trained by PyTorch opens by path, every view and metric works, it saves into the model
// store and opens from the list again.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as omggifNs from 'omggif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, toContractError } from '../../shared/contract.js';
import { torchMissing, trainWithTorch, type TorchReport } from '../engine/onnx/torch-fixture.js';
import { createLatentService } from './latent-service.js';
import { skipTitle } from '../test-skip.js';

const omggif = ((omggifNs as unknown as { default?: unknown }).default ?? omggifNs) as {
  GifReader: new (buf: Uint8Array) => { numFrames(): number };
};
const resourcesDir = resolve(import.meta.dirname, '../../../resources');
const missing = torchMissing();

describe.skipIf(missing !== null)(skipTitle('an imported ONNX model in the service', missing), () => {
  let dataDir: string;
  let service: Awaited<ReturnType<typeof createLatentService>>;
  let torch: TorchReport;

  beforeAll(async () => {
    torch = trainWithTorch(['--hidden', '64', '--latent', '4', '--epochs', '1', '--limit', '3000']);
    dataDir = await mkdtemp(join(tmpdir(), 'le-onnx-service-'));
    service = await createLatentService({ dataDir, resourcesDir, host: 'in-process' });
  });
  afterAll(async () => {
    await service?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('opens by path, explores, evaluates, saves to the store and reopens from the list', async () => {
    const api = service;
    await api.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'ds' });
    const info = await api.call('model.open', { path: torch.out });
    expect(info.config.latent).toBe(4);
    const codes = await api.call('latent.codes', {});
    expect(codes.mu.cols).toBe(4);
    // The first test image (index 9000: train first, then test) has the μ PyTorch computed.
    const row = codes.mu.data.subarray(9000 * 4, 9001 * 4);
    torch.mu_first5_test[0]!.forEach((v, i) => expect(Math.abs(row[i]! - v)).toBeLessThan(1e-4));
    const kl = await api.call('latent.klPerDim', undefined);
    expect(kl).toHaveLength(4);
    const gif = await api.call('export.gif', {
      source: { kind: 'interpolation', from: 0, to: 1, mode: 'linear' },
      options: { frames: 6, fps: 10, size: 56, pingpong: false },
    });
    expect(new omggif.GifReader(gif.bytes!).numFrames()).toBe(6);
    const metrics = await api.call('metrics.evaluate', { iwSamples: 3, jobId: 'ev' });
    expect(metrics.testElbo).toBeLessThan(0);
    expect(Math.abs(metrics.testElbo - torch.test_elbo)).toBeLessThan(3); // single-sample vs 10-sample
    const entry = await api.call('model.save', { name: 'from pytorch' });
    const list = await api.call('model.list', undefined);
    expect(list.map((e) => e.id)).toContain(entry.id);
    const again = await api.call('model.open', { id: entry.id });
    expect(again.name).toBe('from pytorch');
    const after = await api.call('latent.codes', {});
    expect(after.mu.data.subarray(9000 * 4, 9001 * 4)).toEqual(row);
  });

  async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
    const e = await p.then(
      () => null,
      (err: unknown) => toContractError(err),
    );
    expect(e, 'the call was refused').not.toBeNull();
    return { code: e!.code, message: e!.message };
  }

  it("model.inspectOnnx / importOnnx: the dialog's calls read the conventions, refuse bad pairs and import into the list", async () => {
    const api = service;
    const encoder = join(torch.out, 'encoder.onnx');
    const decoder = join(torch.out, 'decoder.onnx');
    const seen = await api.call('model.inspectOnnx', { encoder, decoder });
    expect(seen).toEqual({
      height: 28,
      width: 28,
      channels: 1,
      latent: 4,
      inputLayout: 'nchw',
      encoderOutputs: 'mu-logvar',
      decoderLayout: 'nchw',
      inputRange: '0,1',
      decoderOutput: 'logits',
      likelihood: 'bce',
    });
    // The options the person chose come back as the conventions the import will use.
    const chosen = await api.call('model.inspectOnnx', {
      encoder,
      decoder,
      options: { inputRange: '-1,1', decoderOutput: 'probs', likelihood: 'mse' },
    });
    expect(chosen).toMatchObject({ inputRange: '-1,1', decoderOutput: 'probs', likelihood: 'mse' });

    const modelsBefore = await readdir(join(dataDir, 'models')).catch(() => []);
    const notOnnx = join(dataDir, 'notes.onnx');
    await writeFile(notOnnx, 'these are not the graphs you are looking for');
    const bad = await failure(api.call('model.importOnnx', { encoder: notOnnx, decoder, name: 'bad' }));
    expect(bad.code).toBe('MODEL_INVALID');
    expect(bad.message).toContain(`${notOnnx} is not an ONNX graph`);
    // Two encoders: the "decoder" takes images and gives μ and log σ².
    const twoEncoders = await failure(api.call('model.inspectOnnx', { encoder, decoder: encoder }));
    expect(twoEncoders.code).toBe('MODEL_INVALID');
    expect(twoEncoders.message).toMatch(/decoder must have one output/);
    const swapped = await failure(api.call('model.importOnnx', { encoder: decoder, decoder: encoder, name: 'bad' }));
    expect(swapped.code).toBe('MODEL_INVALID');
    const decoderTwice = await failure(api.call('model.inspectOnnx', { encoder: decoder, decoder }));
    expect(decoderTwice.message).toMatch(/The encoder's output logits is \[n, 1, 28, 28\].*is this file the decoder\?/);
    const missingFile = await failure(api.call('model.inspectOnnx', { encoder: join(dataDir, 'nope.onnx'), decoder }));
    expect(missingFile.code).toBe('NOT_FOUND');
    // A refused import writes nothing into the store.
    expect(await readdir(join(dataDir, 'models')).catch(() => [])).toEqual(modelsBefore);

    const entry = await api.call('model.importOnnx', { encoder, decoder, name: 'from pytorch' });
    // The name is taken (the first test saved one): the import gets the next free one.
    expect(entry.name).toBe('from pytorch (2)');
    expect(entry.importedFrom).toBe('ONNX');
    expect(entry.latent).toBe(4);
    const listed = (await api.call('model.list', undefined)).find((e) => e.id === entry.id);
    expect(listed).toMatchObject({ name: 'from pytorch (2)', importedFrom: 'ONNX' });
    const info = await api.call('model.open', { id: entry.id });
    expect(info.importedFrom).toBe('ONNX');
    const codes = await api.call('latent.codes', {});
    torch.mu_first5_test[1]!.forEach((v, i) => expect(Math.abs(codes.mu.data[9001 * 4 + i]! - v)).toBeLessThan(1e-4));

    // Re-exported as the files it came from, unchanged.
    const again = await api.call('model.exportOnnx', {});
    expect(again.reexported).toBe(true);
    expect(again.conventions).toEqual(seen);
    expect(Buffer.from(again.encoder.bytes!).equals(await readFile(encoder))).toBe(true);
    expect(Buffer.from(again.decoder.bytes!).equals(await readFile(decoder))).toBe(true);
  });

  it('model.exportOnnx of one of ours: the files import back and decode as ours; a folder is written once, never over files', async () => {
    const api = service;
    const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [32], latent: 3, epochs: 1, limit: 512, batchSize: 64 };
    await api.call('train.start', { config, jobId: 'tr' });
    const z = { data: Float32Array.from([0.5, -1, 2, 0, 0, 0]), rows: 2, cols: 3 };
    const ours = await api.call('latent.decode', { z });
    const out = await api.call('model.exportOnnx', {});
    expect(out.reexported).toBe(false);
    expect(out.conventions).toMatchObject({
      latent: 3,
      inputLayout: 'nchw',
      decoderOutput: 'logits',
      inputRange: '0,1',
    });
    expect(out.encoder.fileName).toBe('encoder.onnx');
    const dir = await mkdtemp(join(tmpdir(), 'le-onnx-export-'));
    try {
      await writeFile(join(dir, 'enc.onnx'), out.encoder.bytes!);
      await writeFile(join(dir, 'dec.onnx'), out.decoder.bytes!);
      const entry = await api.call('model.importOnnx', {
        encoder: join(dir, 'enc.onnx'),
        decoder: join(dir, 'dec.onnx'),
        name: 'ours via onnx',
      });
      await api.call('model.open', { id: entry.id });
      const back = await api.call('latent.decode', { z });
      // 8-bit pixels from logits equal within 1e-4: at most one grey level apart from float rounding.
      let worst = 0;
      back.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ours.data[i]!))));
      expect(worst).toBeLessThanOrEqual(1);

      const target = join(dir, 'written');
      const w = await api.call('model.exportOnnx', { dir: target });
      expect(w.encoder.path).toBe(join(target, 'encoder.onnx'));
      expect(w.encoder.bytes).toBeNull();
      const before = await readFile(join(target, 'decoder.onnx'));
      await writeFile(join(target, 'encoder.onnx'), 'a file of the user');
      const refused = await failure(api.call('model.exportOnnx', { dir: target }));
      expect(refused.code).toBe('TARGET_EXISTS');
      expect(await readFile(join(target, 'encoder.onnx'), 'utf8')).toBe('a file of the user');
      expect((await readFile(join(target, 'decoder.onnx'))).equals(before)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
