// Journey 9: an empty folder and a path that does not exist give clear messages; nothing crashes
// and the app goes on working.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { openBuiltinMnist } from './support/journeys';

test('bad input: empty folder and missing path are explained, the app keeps working', async ({ app }) => {
  const { page } = app;
  const alert = page.getByRole('alert');

  await test.step('an empty folder', async () => {
    const empty = join(app.inputsDir, 'empty-folder');
    await mkdir(empty, { recursive: true });
    await app.openFolder(empty);
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText(/no (usable )?images|empty/i);
    await expect(alert).toContainText('empty-folder');
  });

  await test.step('a path that does not exist', async () => {
    const missing = join(app.inputsDir, 'no-such-folder');
    await app.openFolder(missing);
    await expect(alert).toContainText(/no folder|not (be )?found|does not exist|no such/i, { timeout: 30_000 });
    await expect(alert).toContainText('no-such-folder');
  });

  await test.step('the app still loads MNIST afterwards', async () => {
    expect(await openBuiltinMnist(page)).toBe(10_000);
  });
  expect(app.pageErrors).toEqual([]);
});
