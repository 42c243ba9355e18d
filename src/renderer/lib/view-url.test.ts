import { describe, expect, it } from 'vitest';
import type { SavedView } from '../../shared/contract';
import { viewFromHash, viewToHash } from './view-url';

const view: SavedView = {
  name: 'Ziffern – ä/ß',
  savedAt: '2026-12-02T02:00:00.000Z',
  modelId: 'm1',
  modelName: 'MLP',
  dataset: { kind: 'folder', path: '/data/emoji' },
  datasetName: 'emoji',
  projection: { method: 'umap', seed: 0 },
  camera: null,
  a: 1,
  b: 2,
  c: 3,
  selection: [],
  walk: { steps: 9, span: 2, base: { kind: 'origin' } },
};

describe('view in the URL', () => {
  it('round-trips a view (non-ASCII name included) through the hash, URL-safe', () => {
    const hash = viewToHash(view);
    expect(hash).toMatch(/^#view=[A-Za-z0-9_-]+$/);
    expect(viewFromHash(hash)).toEqual(view);
  });
  it('ignores a missing or damaged view', () => {
    expect(viewFromHash('')).toBeNull();
    expect(viewFromHash('#view=AAAA')).toBeNull();
    expect(viewFromHash(viewToHash({ ...view, a: -1 }))).toBeNull();
  });
});
