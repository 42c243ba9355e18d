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
  it('keeps the camera exactly, its 2-D mode included', () => {
    const camera = { position: [0.1234567890123, -2.5, 3.0000001], target: [0.3, 0.2, 0], flat: true } as const;
    const v: SavedView = { ...view, camera: { ...camera, position: [...camera.position], target: [...camera.target] } };
    expect(viewFromHash(viewToHash(v))?.camera).toEqual(v.camera);
    const axes = { pca: [7, 0, 2] as [number, number, number], scaling: 'per-axis' as const };
    expect(viewFromHash(viewToHash({ ...v, axes }))?.axes).toEqual(axes);
  });
  it('reads a camera saved without the 2-D mode (v0.1 views.json) and refuses a malformed one', () => {
    const old = { ...view, camera: { position: [0, 0, 3.2], target: [0, 0, 0] } } as SavedView;
    expect(viewFromHash(viewToHash(old))?.camera).toEqual({ position: [0, 0, 3.2], target: [0, 0, 0] });
    expect(
      viewFromHash(viewToHash({ ...old, camera: { ...old.camera!, flat: 'yes' as unknown as boolean } })),
    ).toBeNull();
  });
  it('ignores a missing or damaged view', () => {
    expect(viewFromHash('')).toBeNull();
    expect(viewFromHash('#view=AAAA')).toBeNull();
    expect(viewFromHash(viewToHash({ ...view, a: -1 }))).toBeNull();
  });
});
