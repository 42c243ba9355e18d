// Journey 12 (issue 9): a folder of the user's own RGBA pictures, non-square and some smaller than
// the size, loaded at 48 px letterboxed on white through the Data tab. A size out of range is
// refused at the field without starting anything; the chosen settings and the load notes show.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openTab, trainShortRun } from './support/journeys';

/** A coloured disc on a transparent ground, w×h: what an icon or a cut-out photo looks like. */
function picture(w: number, h: number, rgb: [number, number, number]): Promise<Buffer> {
  const px = Buffer.alloc(w * h * 4);
  const r = Math.min(w, h) * 0.4;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if ((x - w / 2) ** 2 + (y - h / 2) ** 2 <= r * r) px.set([...rgb, 255], (y * w + x) * 4);
  return sharp(px, { raw: { width: w, height: h, channels: 4 } })
    .png()
    .toBuffer();
}

test('folder at 48 px with pad: the size field works, settings and notes are shown', async ({ app }) => {
  const { page } = app;
  const root = join(app.inputsDir, 'discs');
  const shapes: [number, number][] = [
    [30, 20],
    [40, 64],
    [80, 50],
    [24, 24],
  ];
  for (const [label, rgb] of [
    ['warm', [230, 90, 30]],
    ['cold', [40, 90, 220]],
  ] as const) {
    await mkdir(join(root, label), { recursive: true });
    for (const [k, [w, h]] of shapes.entries()) {
      await sharp(await picture(w, h, [...rgb])).toFile(join(root, label, `${label}-${k}.png`));
    }
  }

  await openTab(page, UI.tabs.data);
  const size = page.getByRole('spinbutton', { name: UI.data.size });

  await test.step('a size outside 16..128 is refused at the field, and nothing starts', async () => {
    await size.fill('8');
    await expect(size).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Size must be a whole number of pixels from 16 to 128, got 8.')).toBeVisible();
    await page.getByRole('button', { name: UI.data.openFolder }).click();
    // The path field holds a folder (filled from the host's listing): only the size holds Load back.
    await expect(page.getByRole('list', { name: UI.data.folderListing }).getByRole('listitem').first()).toBeVisible();
    await expect(page.getByRole('textbox', { name: UI.data.folderPath })).not.toHaveValue('');
    await expect(page.getByRole('button', { name: UI.data.loadFolder, exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: UI.data.mnist })).toBeEnabled();
  });

  await test.step('48 px, pad, white background: loads, and the Data tab is usable again', async () => {
    await size.fill('48');
    await expect(size).toHaveAttribute('aria-invalid', 'false');
    await page.getByRole('combobox', { name: UI.data.fit }).selectOption('pad');
    await page.getByRole('combobox', { name: UI.data.background }).selectOption('white');
    await app.openFolder(root);
    const summary = page.getByRole('region', { name: UI.data.summary });
    await expect(summary).toContainText('8 images', { timeout: 60_000 });
    await expect(summary).toContainText('48×48 px, 3 channels (RGB)');
    await expect(summary).toContainText('48×48 px, padded (letterbox), RGB, transparency onto white');
    // pad fits the longer side: 30×20 and 24×24 (two per label) are smaller than 48.
    const notes = page.getByRole('list', { name: UI.data.loadNotes });
    await expect(notes).toContainText('4 smaller than 48 px, upscaled');
    await expect(notes).toContainText('8 with transparency, flattened onto white');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('button', { name: UI.data.mnist })).toBeEnabled();
    await expect(size).toHaveValue('48');
  });

  await test.step('a model of the folder shows bits per dimension', async () => {
    await trainShortRun(page, { images: 0, epochs: 1 });
    await expect(page.getByText(/test \d+\.\d{3} bits\/dim/)).toBeVisible();
  });
  expect(app.pageErrors).toEqual([]);
});
