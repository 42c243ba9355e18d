// Journey 12 (issue 10 items 20, 23, 24): the Train tab words every setting's message with its label,
// says what the charts' nats are of, and offers the binarised-pixel option.
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openTab } from './support/journeys';

test('train settings: messages name the field, the nats are explained, binarising is offered', async ({ app }) => {
  const { page } = app;
  await openTab(page, UI.tabs.train);
  const form = page.getByRole('form', { name: 'Training settings' });

  await test.step('a bad learning rate is explained with the label the form shows', async () => {
    const lr = page.getByRole('spinbutton', { name: UI.train.learningRate, exact: true });
    await lr.fill('0');
    await lr.press('Tab');
    await expect(form).toContainText('Learning rate must be a number above 0 and at most 10 (got 0).');
    await expect(form).not.toContainText('learningRate');
    await expect(page.getByRole('button', { name: UI.train.train, exact: true })).toBeDisabled();
    await lr.fill('0.001');
    await lr.press('Tab');
    await expect(form).not.toContainText('Learning rate must be');
  });

  await test.step('the charts say what their nats are of, grey-level unless binarised', async () => {
    const note = page.getByLabel(UI.train.likelihood);
    await expect(note).toContainText('ELBO = −(recon + KL), unweighted by β');
    await expect(note).toContainText('grey-level pixels (not binarised)');
    await page.getByRole('checkbox', { name: UI.train.binarize }).check();
    await expect(note).toContainText('on binarised pixels');
    await expect(page.getByRole('figure', { name: UI.train.lossChart })).toContainText('loss = recon + β·KL');
  });
  expect(app.pageErrors).toEqual([]);
});
