// Issue 13: a VAE trained by PyTorch (python/train.py, exported as ONNX) is listed beside our own
// models, opens, and its latent space is explored like one of ours (the interpolation view decodes);
// Models → Import ONNX… and Export ONNX… move ONNX pairs in and out through the UI.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import {
  contrast,
  openBuiltinMnist,
  openTab,
  pixelsOf,
  setInterpolation,
  setSpin,
  trainShortRun,
} from './support/journeys';

const PYTHON = process.env.LATENT_EXPLORER_PYTHON || '/usr/bin/python3';
const ROOT = resolve(import.meta.dirname, '..');
const torchMissing = spawnSync(PYTHON, ['-c', 'import torch']).status !== 0;

/** A small MLP VAE trained by python/train.py on the built-in digits, written as a model folder to `out`. */
function trainTinyWithTorch(out: string): void {
  const flags = ['--hidden', '64', '--latent', '4', '--epochs', '1', '--limit', '3000', '--threads', '1'];
  const args = [join(ROOT, 'python/train.py'), '--data', join(ROOT, 'resources/mnist'), '--out', out, ...flags];
  const r = spawnSync(PYTHON, args, { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

test('a model trained by PyTorch opens from the model list and is explored', async ({ app }) => {
  test.skip(torchMissing, `${PYTHON} with torch is needed (apt-get install -y python3-torch)`);
  const out = join(app.dataDir, 'models', 'from-pytorch');
  trainTinyWithTorch(out);
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
  // codes arrive, so read the pixels again until a digit is there rather than once; a read that meets
  // the element being replaced (detached mid-screenshot) counts as no picture yet.
  const shot = () => pixelsOf(image).catch(() => null);
  let atA: Buffer = Buffer.alloc(0);
  await expect
    .poll(
      async () => {
        const px = await shot();
        if (px) atA = px;
        return px ? contrast(px) : 0;
      },
      {
        message: 'the decoded image shows a digit, not a blank',
      },
    )
    .toBeGreaterThan(10);
  await setInterpolation(page, 1);
  await expect.poll(async () => (await shot())?.equals(atA) ?? true).toBe(false);
  expect(app.pageErrors).toEqual([]);
});

/** Picks the pair in the open import dialog: the browser host lists the folders under its --root. */
async function pickPair(page: Page, folder: string, encoder: string, decoder: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: UI.onnx.importDialog });
  await expect(dialog).toBeVisible();
  const field = dialog.getByRole('textbox', { name: UI.onnx.folder, exact: true });
  // The field first fills itself from the host's listing; typing before that would be overwritten.
  await expect(field).not.toHaveValue('');
  await field.fill(folder);
  await field.press('Enter');
  await dialog.getByRole('button', { name: UI.onnx.useAsEncoder(encoder), exact: true }).click();
  await dialog.getByRole('button', { name: UI.onnx.useAsDecoder(decoder), exact: true }).click();
  return dialog;
}

test('Models → Import ONNX… brings in a PyTorch pair; Export ONNX… of ours downloads files that import back', async ({
  app,
}) => {
  test.skip(torchMissing, `${PYTHON} with torch is needed (apt-get install -y python3-torch)`);
  test.skip(
    app.kind === 'electron',
    'the native file and folder dialogs of Electron are covered by path-grants and preload tests; this journey drives the browser host listing',
  );
  const { page } = app;
  const run = join(app.inputsDir, 'vae-run');
  trainTinyWithTorch(run);
  await writeFile(join(run, 'broken.onnx'), 'not a graph');

  const count = await openBuiltinMnist(page);
  await openTab(page, UI.tabs.train);
  await page.getByRole('button', { name: UI.onnx.importButton }).click();

  await test.step('a file that is not ONNX, or a decoder as the encoder, is refused in the dialog', async () => {
    const dialog = await pickPair(page, run, 'broken.onnx', 'decoder.onnx');
    await expect(dialog.getByRole('alert')).toContainText(`${join(run, 'broken.onnx')} is not an ONNX graph`);
    await expect(dialog.getByRole('button', { name: UI.onnx.import, exact: true })).toBeDisabled();
    // The decoder given as the encoder: said so, in words that name the mix-up.
    await dialog.getByRole('button', { name: UI.onnx.useAsEncoder('decoder.onnx'), exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('is this file the decoder?');
  });

  await test.step('the real pair: its conventions are shown, then it is imported into the list', async () => {
    const dialog = page.getByRole('dialog', { name: UI.onnx.importDialog });
    await dialog.getByRole('button', { name: UI.onnx.useAsEncoder('encoder.onnx'), exact: true }).click();
    const seen = dialog.getByRole('status', { name: UI.onnx.conventions });
    await expect(seen).toContainText('Images 28 × 28 × 1 (grey), latent size 4');
    await expect(seen).toContainText('Encoder outputs μ and log σ², each [n, 4]');
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    // An option the graphs cannot say is the person's: it shows in the conventions at once.
    await dialog.getByRole('combobox', { name: UI.onnx.likelihood }).selectOption('mse');
    await expect(seen).toContainText('Likelihood Gaussian');
    await dialog.getByRole('combobox', { name: UI.onnx.likelihood }).selectOption('bce');
    await expect(seen).toContainText('Likelihood Bernoulli');
    await dialog.getByRole('textbox', { name: UI.onnx.name, exact: true }).fill('pytorch via dialog');
    await dialog.getByRole('button', { name: UI.onnx.import, exact: true }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('it opens from the list and its scatter shows every image', async () => {
    const list = page.getByRole('list', { name: UI.train.savedModels });
    await list.getByRole('button', { name: UI.train.openModel('pytorch via dialog'), exact: true }).click();
    await expect(page.getByRole('note', { name: UI.onnx.importedNote })).toContainText('cannot be trained further');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await openTab(page, UI.tabs.explore);
    await expect(page.getByRole('img', { name: UI.explore.scatter })).toHaveAttribute(
      'data-point-count',
      String(count),
      { timeout: 60_000 },
    );
  });

  const ours = join(app.inputsDir, 'ours-onnx');
  await test.step('Export ONNX… of one of ours hands over encoder.onnx and decoder.onnx', async () => {
    await trainShortRun(page, { images: 500, epochs: 1, latent: 6 });
    await page.getByRole('button', { name: UI.onnx.exportButton }).click();
    const dialog = page.getByRole('dialog', { name: UI.onnx.exportDialog });
    await expect(dialog.getByRole('status', { name: UI.onnx.exportResult })).toContainText('latent size 6');
    const enc = await app.download(() => dialog.getByRole('button', { name: UI.onnx.downloadEncoder }).click());
    const dec = await app.download(() => dialog.getByRole('button', { name: UI.onnx.downloadDecoder }).click());
    await mkdir(ours, { recursive: true });
    await writeFile(join(ours, 'encoder.onnx'), enc);
    await writeFile(join(ours, 'decoder.onnx'), dec);
    await dialog.getByRole('button', { name: UI.onnx.close, exact: true }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('the downloaded files run: they import back with our conventions', async () => {
    await page.getByRole('button', { name: UI.onnx.importButton }).click();
    const dialog = await pickPair(page, ours, 'encoder.onnx', 'decoder.onnx');
    const seen = dialog.getByRole('status', { name: UI.onnx.conventions });
    await expect(seen).toContainText('Images 28 × 28 × 1 (grey), latent size 6');
    await expect(seen).toContainText('Encoder input [n, 1, 28, 28], pixel values in [0, 1]');
    await expect(seen).toContainText('as logits');
    await dialog.getByRole('textbox', { name: UI.onnx.name, exact: true }).fill('ours round trip');
    await dialog.getByRole('button', { name: UI.onnx.import, exact: true }).click();
    await expect(dialog).toBeHidden();
    const list = page.getByRole('list', { name: UI.train.savedModels });
    await expect(list.getByRole('button', { name: UI.train.openModel('ours round trip'), exact: true })).toBeEnabled();
  });
  expect(app.pageErrors).toEqual([]);
});
