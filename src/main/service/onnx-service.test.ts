// Issue 13 through the service the app and the browser host use (real engine process, real MNIST):
// a model trained by PyTorch opens by path, every view and metric works, it saves into the model
// store and opens from the list again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as omggifNs from 'omggif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { torchMissing, trainWithTorch, type TorchReport } from '../engine/onnx/torch-fixture.js';
import { createLatentService } from './latent-service.js';

const omggif = ((omggifNs as unknown as { default?: unknown }).default ?? omggifNs) as {
  GifReader: new (buf: Uint8Array) => { numFrames(): number };
};
const resourcesDir = resolve(import.meta.dirname, '../../../resources');
const missing = torchMissing();
if (missing) console.warn(`skipping the ONNX service test: ${missing}`);

describe.skipIf(missing !== null)('an imported ONNX model in the service', () => {
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
});
