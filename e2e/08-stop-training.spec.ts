// Journey 8: interrupting a run mid-epoch leaves the app usable.
// - Cancel (job.cancel, contract: "cancelling a training leaves the previous model usable"): the
//   explorer keeps decoding with the last good model, pixel for pixel.
// - Stop (train.stop, contract: "keeping the weights reached so far"): the app stays usable and can
//   train again.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import {
  openBuiltinMnist,
  openTab,
  pixelsOf,
  setInterpolation,
  setSpin,
  startTraining,
  trainShortRun,
} from './support/journeys';

const EPOCH_1_OF_3 = /epoch 1\s*\/\s*3/i;

async function decodeAtA(page: Page): Promise<Buffer> {
  await openTab(page, UI.tabs.explore);
  await setSpin(page, UI.explore.imageA, 0);
  await setSpin(page, UI.explore.imageB, 1);
  await setInterpolation(page, 0);
  const image = page.getByRole('img', { name: UI.explore.interpolated, exact: true });
  let last = await pixelsOf(image);
  // Read once the decode of the final settings has landed (two equal reads in a row).
  await expect
    .poll(async () => {
      const now = await pixelsOf(image);
      const same = now.equals(last);
      last = now;
      return same;
    })
    .toBe(true);
  return last;
}

/** Starts a long run and waits until it is inside its first epoch (steps plotted, epoch 1/3). */
async function startLongRun(page: Page): Promise<void> {
  await startTraining(page, { images: 0, epochs: 3 });
  await expect(page.getByRole('status', { name: UI.train.status })).toContainText(EPOCH_1_OF_3, { timeout: 60_000 });
  await expect(page.getByRole('figure', { name: UI.train.lossChart })).not.toHaveAttribute('data-points', '0');
}

test('cancel mid-epoch: the explorer keeps the last good model', async ({ app }) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1 });
  const good = await decodeAtA(page);

  await startLongRun(page);
  const trainPanel = page.getByRole('tabpanel', { name: /^Train/ });
  const cancel = trainPanel.getByRole('button', { name: UI.train.cancel, exact: true });
  await expect(cancel, 'the Train panel offers Cancel while a run is in progress').toBeVisible({ timeout: 5_000 });
  await cancel.click();
  await expect(page.getByRole('button', { name: UI.train.train, exact: true })).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);

  expect((await decodeAtA(page)).equals(good), 'decodes come from the model trained before the cancelled run').toBe(
    true,
  );
  expect(app.pageErrors).toEqual([]);
});

test('stop mid-epoch: the app stays usable and trains again', async ({ app }) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1 });

  await startLongRun(page);
  const stop = page.getByRole('button', { name: UI.train.stop, exact: true });
  await stop.click();
  await expect(page.getByRole('button', { name: UI.train.train, exact: true })).toBeEnabled({ timeout: 60_000 });
  await expect(stop).toBeDisabled();
  await expect(page.getByRole('status', { name: UI.train.status })).toContainText(/Stopped/);

  await test.step('exploring still works', async () => {
    const atA = await decodeAtA(page);
    const image = page.getByRole('img', { name: UI.explore.interpolated, exact: true });
    await setInterpolation(page, 1);
    await expect.poll(async () => (await pixelsOf(image)).equals(atA)).toBe(false);
    await expect(page.getByRole('img', { name: UI.explore.scatter })).toHaveAttribute('data-point-count', '10000');
  });

  await test.step('and a new run can start and finish', async () => {
    await trainShortRun(page, { images: 500, epochs: 1 });
  });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(app.pageErrors).toEqual([]);
});
