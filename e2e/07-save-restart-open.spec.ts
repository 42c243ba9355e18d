// Journey 7: save the model, restart the app (a new process on the same data), open the model:
// it decodes exactly the same images.
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openBuiltinMnist, openTab, pixelsOf, setInterpolation, setSpin, trainShortRun } from './support/journeys';
import type { Page } from '@playwright/test';

async function decodeOf(page: Page): Promise<Buffer> {
  await openTab(page, UI.tabs.explore);
  await setSpin(page, UI.explore.imageA, 2);
  await setSpin(page, UI.explore.imageB, 5);
  await page.getByRole('radio', { name: UI.explore.linear }).check();
  await setInterpolation(page, 0.5);
  const image = page.getByRole('img', { name: UI.explore.interpolated, exact: true });
  // Let the decode of the final slider position land before reading it.
  let last = await pixelsOf(image);
  await expect
    .poll(async () => {
      const now = await pixelsOf(image);
      const stable = now.equals(last);
      last = now;
      return stable;
    })
    .toBe(true);
  return last;
}

test('save, restart, open: the reopened model decodes identically', async ({ app }) => {
  let page = app.page;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1, seed: 7 });
  const before = await decodeOf(page);

  await openTab(page, UI.tabs.train);
  await page.getByRole('textbox', { name: UI.train.modelName }).fill('e2e digits');
  await page.getByRole('button', { name: UI.train.saveModel, exact: true }).click();
  const saved = page.getByRole('list', { name: UI.train.savedModels });
  await expect(saved.getByRole('button', { name: UI.train.openModel('e2e digits'), exact: true })).toBeVisible();

  page = await app.restart();
  await openBuiltinMnist(page);
  await openTab(page, UI.tabs.train);
  await page
    .getByRole('list', { name: UI.train.savedModels })
    .getByRole('button', { name: UI.train.openModel('e2e digits'), exact: true })
    .click();
  await expect(page.getByRole('alert')).toHaveCount(0);

  const after = await decodeOf(page);
  expect(after.equals(before), 'the reopened model decodes the same pixels').toBe(true);
  expect(app.pageErrors).toEqual([]);
});
