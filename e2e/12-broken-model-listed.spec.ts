// A damaged model folder (meta.json edited by hand) is listed with the reason it cannot be opened,
// its Open button disabled, and the good model beside it still lists and opens.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openBuiltinMnist, openTab, trainShortRun } from './support/journeys';

test('a broken model is listed with its reason and does not hide the others', async ({ app }) => {
  const page = app.page;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 500, epochs: 1, seed: 3 });
  await openTab(page, UI.tabs.train);
  await page.getByRole('textbox', { name: UI.train.modelName }).fill('good digits');
  await page.getByRole('button', { name: UI.train.saveModel, exact: true }).click();
  const list = page.getByRole('list', { name: UI.train.savedModels });
  await expect(list.getByRole('button', { name: UI.train.openModel('good digits'), exact: true })).toBeVisible();

  const damaged = join(app.dataDir, 'models', 'damaged');
  await mkdir(damaged, { recursive: true });
  await writeFile(
    join(damaged, 'meta.json'),
    JSON.stringify({ format: 'latent-explorer-vae@1', name: 'hand edited', createdAt: null, history: null }),
  );
  const restarted = await app.restart();
  await openTab(restarted, UI.tabs.train);
  const after = restarted.getByRole('list', { name: UI.train.savedModels });
  const broken = after.getByRole('listitem').filter({ hasText: 'hand edited' });
  await expect(broken).toContainText(/cannot be opened: .*meta\.json: /);
  await expect(broken.getByRole('button', { name: UI.train.openModel('hand edited'), exact: true })).toBeDisabled();
  const good = after.getByRole('button', { name: UI.train.openModel('good digits'), exact: true });
  await expect(good).toBeEnabled();
  await good.click();
  await expect(restarted.getByRole('alert')).toHaveCount(0);
  expect(app.pageErrors).toEqual([]);
});
