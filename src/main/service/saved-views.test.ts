// Saved views on a real folder: they outlive the store object (a restart), a name saves over itself,
// a bad argument or an unreadable views.json says so and leaves the file as it was.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedView } from '../../shared/contract.js';
import { validateCallArg } from '../../shared/validate.js';
import { SavedViews, VIEWS_FILE } from './saved-views.js';

const view = (name: string, a = 3): SavedView => ({
  name,
  savedAt: '2026-12-02T02:00:00.000Z',
  modelId: 'm1',
  modelName: 'MLP 8-d',
  dataset: { kind: 'builtin', name: 'mnist' },
  datasetName: 'MNIST (built-in)',
  projection: { method: 'dims', dims: [0, 2, 1] },
  camera: { position: [1, 2, 3], target: [0, 0, 0] },
  a,
  b: 7,
  c: 9,
  selection: [1, 5],
  walk: { steps: 7, span: 2.5, base: { kind: 'z', z: [0.5, -1] } },
});

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'views-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saved views', () => {
  it('survive a restart, newest first; saving under a name replaces it; delete removes it', async () => {
    await new SavedViews(dir).save(view('digits'));
    await new SavedViews(dir).save(view('other'));
    const again = new SavedViews(dir);
    expect((await again.list()).map((v) => v.name)).toEqual(['other', 'digits']);
    await again.save(view('digits', 42));
    const listed = await new SavedViews(dir).list();
    expect(listed.map((v) => [v.name, v.a])).toEqual([
      ['digits', 42],
      ['other', 3],
    ]);
    expect(listed[0]).toEqual(view('digits', 42));
    expect((await again.delete('other')).map((v) => v.name)).toEqual(['digits']);
    await expect(again.delete('other')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the contract refuses a view without a name or with a bad projection, naming the field', () => {
    expect(() => validateCallArg('view.save', { view: { ...view('x'), name: '   ' } })).toThrow(
      /view\.view\.name|name/,
    );
    expect(() => validateCallArg('view.save', { view: { ...view('x'), projection: { method: 'tsne' } } })).toThrow(
      /projection\.method/,
    );
  });

  it('an unreadable views.json is reported and left untouched', async () => {
    await writeFile(join(dir, VIEWS_FILE), '{ not json');
    const store = new SavedViews(dir);
    await expect(store.list()).rejects.toThrow(/cannot be read.*Move it away/);
    await expect(store.save(view('x'))).rejects.toThrow(/cannot be read/);
    expect(await readFile(join(dir, VIEWS_FILE), 'utf8')).toBe('{ not json');
  });
});
