import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type ModelEntry, type ModelInfo } from '../../shared/contract';
import { defaultModelName, formatDate, modelEntryDetail } from './model-label';

const epoch = { epoch: 1, loss: 1, elbo: -1, recon: 1, kl: 0, testElbo: -101.25, seconds: 1 };

describe('model labels', () => {
  it('names a model after itself, not after the loaded dataset', () => {
    const m: ModelInfo = {
      id: null,
      name: 'x',
      config: { ...DEFAULT_TRAIN_CONFIG, arch: 'conv', latent: 12 },
      backend: 'wasm',
      height: 28,
      width: 28,
      channels: 1,
      datasetFingerprint: 'f',
      datasetName: 'MNIST',
      history: [epoch, { ...epoch, epoch: 2 }],
      createdAt: '2026-12-01T10:00:00.000Z',
    };
    expect(defaultModelName(m)).toBe('Conv MNIST z12 e2');
  });

  it('describes a saved entry with architecture, dataset and date', () => {
    const e: ModelEntry = {
      id: 'a',
      name: 'digits',
      createdAt: '2026-12-01T10:04:00.000Z',
      arch: 'mlp',
      latent: 20,
      epochs: 3,
      testElbo: -101.25,
      datasetName: 'MNIST',
    };
    const d = new Date(e.createdAt);
    const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:04`;
    expect(modelEntryDetail(e)).toBe(`MLP · MNIST · z20 · 3 ep · ELBO -101.3 · ${local}`);
    expect(modelEntryDetail({ ...e, createdAt: '2026-12-01T10:05:00.000Z' })).not.toBe(modelEntryDetail(e));
    expect(formatDate('not a date')).toBe('not a date');
    // Imported: where it came from, not an architecture and epochs it does not have here.
    const imported = { ...e, epochs: 0, testElbo: null, datasetName: '', importedFrom: 'ONNX' };
    expect(modelEntryDetail(imported)).toBe(`imported ONNX · z20 · ${local}`);
  });
});
