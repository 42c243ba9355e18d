// Issue 13: a VAE trained by PyTorch (python/train.py, exported as ONNX) is listed beside our own
// models, opens, and its latent space is explored like one of ours (the interpolation view decodes).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { contrast, openBuiltinMnist, openTab, pixelsOf, setInterpolation, setSpin } from './support/journeys';

const PYTHON = process.env.LATENT_EXPLORER_PYTHON || '/usr/bin/python3';
const ROOT = resolve(import.meta.dirname, '..');
const torchMissing = spawnSync(PYTHON, ['-c', 'import torch']).status !== 0;

test('a model trained by PyTorch opens from the model list and is explored', async ({ app }) => {
  test.skip(torchMissing, `${PYTHON} with torch is needed (apt-get install -y python3-torch)`);
  const out = join(app.dataDir, 'models', 'from-pytorch');
  const r = spawnSync(
    PYTHON,
    [join(ROOT, 'python/train.py'), '--data', join(ROOT, 'resources/mnist'), '--out', out].concat([
      '--hidden',
      '64',
      '--latent',
      '4',
      '--epochs',
      '1',
      '--limit',
      '3000',
      '--threads',
      '1',
    ]),
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  const page = await app.restart();
  await openBuiltinMnist(page);
  await openTab(page, UI.tabs.train);
  const list = page.getByRole('list', { name: UI.train.savedModels });
  const open = list.getByRole('button', { name: UI.train.openModel('from-pytorch'), exact: true });
  await expect(open).toBeEnabled();
  await open.click();
  await expect(page.getByRole('alert')).toHaveCount(0);

  await openTab(page, UI.tabs.explore);
  await setSpin(page, UI.explore.imageA, 0);
  await setSpin(page, UI.explore.imageB, 1);
  const image = page.getByRole('img', { name: UI.explore.interpolated, exact: true });
  await setInterpolation(page, 0);
  // The view is keyed by model and dataset: it may redraw (a new element) once the opened model's
  // codes arrive, so read the pixels again until a digit is there rather than once.
  let atA: Buffer = Buffer.alloc(0);
  await expect
    .poll(async () => contrast((atA = await pixelsOf(image))), {
      message: 'the decoded image shows a digit, not a blank',
    })
    .toBeGreaterThan(10);
  await setInterpolation(page, 1);
  await expect.poll(async () => (await pixelsOf(image)).equals(atA)).toBe(false);
  expect(app.pageErrors).toEqual([]);
});
