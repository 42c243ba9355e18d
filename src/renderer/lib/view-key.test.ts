import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type DatasetInfo, type ModelInfo } from '../../shared/contract';
import { viewKey } from './view-key';

const model = (over: Partial<ModelInfo> = {}): ModelInfo => ({
  id: null,
  name: 'm',
  config: DEFAULT_TRAIN_CONFIG,
  backend: 'wasm',
  height: 28,
  width: 28,
  channels: 1,
  datasetFingerprint: 'f1',
  datasetName: 'MNIST',
  history: [],
  createdAt: '2026-12-01T00:00:00.000Z',
  ...over,
});
const dataset = (fingerprint: string) => ({ fingerprint }) as DatasetInfo;

describe('viewKey', () => {
  it('changes with the model, its epochs, its saved id and the dataset', () => {
    const base = viewKey(model(), dataset('d1'));
    expect(viewKey(model(), dataset('d1'))).toBe(base);
    expect(viewKey(model({ createdAt: '2026-12-01T00:00:01.000Z' }), dataset('d1'))).not.toBe(base);
    const epoch = { epoch: 1, loss: 1, elbo: -1, recon: 1, kl: 0, testElbo: -1, seconds: 1 };
    expect(viewKey(model({ history: [epoch] }), dataset('d1'))).not.toBe(base);
    expect(viewKey(model({ id: 'saved-1' }), dataset('d1'))).not.toBe(base);
    expect(viewKey(model(), dataset('d2'))).not.toBe(base);
    expect(viewKey(null, dataset('d1'))).not.toBe(base);
  });
});
