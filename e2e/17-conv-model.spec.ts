// Journey 14: the Train tab's conv settings. Choosing Convolutional shows the β-VAE defaults
// (filters 32, 32, 64, 64; dense 256); a person's own filters train a real model on real digits;
// a bad filter list is refused at the field and Train stays disabled.
import { expect, test } from './fixtures';
import { openBuiltinMnist, openTab, trainShortRun } from './support/journeys';
import { UI } from '../src/renderer/ui-names';

test('conv model: defaults shown, own filters train, bad filters refused at the field', async ({ app }) => {
  const { page } = app;
  expect(await openBuiltinMnist(page)).toBe(10_000);
  await openTab(page, UI.tabs.train);
  const arch = page.getByRole('combobox', { name: UI.train.architecture });
  const hidden = page.getByRole('textbox', { name: UI.train.hidden });
  const filters = page.getByRole('textbox', { name: UI.train.filters });
  const trainButton = page.getByRole('button', { name: UI.train.train, exact: true });

  await test.step('Convolutional shows the β-VAE defaults', async () => {
    await expect(filters).toHaveCount(0);
    await expect(hidden).toHaveValue('512');
    await arch.selectOption('conv');
    await expect(filters).toHaveValue('32, 32, 64, 64');
    await expect(hidden).toHaveValue('256');
  });

  await test.step('a bad filter list is refused at the field', async () => {
    await filters.fill('16, 0');
    await expect(filters).toHaveAttribute('aria-invalid', 'true');
    await expect(trainButton).toBeDisabled();
  });

  await test.step('own filters and dense width train a conv model on real digits', async () => {
    await filters.fill('8, 16');
    await hidden.fill('64');
    await expect(filters).toHaveAttribute('aria-invalid', 'false');
    await trainShortRun(page, { images: 256, epochs: 1, latent: 4 });
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  await test.step('back to MLP: the filters field goes, typed hidden sizes stay', async () => {
    await arch.selectOption('mlp');
    await expect(filters).toHaveCount(0);
    await expect(hidden).toHaveValue('64');
  });
  expect(app.pageErrors).toEqual([]);
});
