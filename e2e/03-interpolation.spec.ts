// Journey 3: the Interpolation slider changes the decoded image; Linear and Spherical paths differ.
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

test('interpolation: the slider morphs A into B, linear and spherical differ', async ({ app }) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1 });
  await openTab(page, UI.tabs.explore);

  // Two different digits of MNIST's test-ordered file: indices 0 and 1 (a 5 and a 0 in train order).
  await setSpin(page, UI.explore.imageA, 0);
  await setSpin(page, UI.explore.imageB, 1);
  const image = page.getByRole('img', { name: UI.explore.interpolated, exact: true });

  await setInterpolation(page, 0);
  const atA = await pixelsOf(image);
  expect(contrast(atA), 'the decoded image shows a digit, not a blank').toBeGreaterThan(10);

  await setInterpolation(page, 1);
  await expect
    .poll(async () => (await pixelsOf(image)).equals(atA), { message: 'moving the slider redraws' })
    .toBe(false);
  const atB = await pixelsOf(image);

  await setInterpolation(page, 0.5);
  await expect.poll(async () => (await pixelsOf(image)).equals(atB)).toBe(false);
  await page.getByRole('radio', { name: UI.explore.linear }).check();
  await expect.poll(async () => (await pixelsOf(image)).equals(atA)).toBe(false);
  const linear = await pixelsOf(image);

  await page.getByRole('radio', { name: UI.explore.spherical }).check();
  await expect
    .poll(async () => (await pixelsOf(image)).equals(linear), { message: 'slerp differs from lerp' })
    .toBe(false);
  const spherical = await pixelsOf(image);

  // Back to linear gives the linear image again: the difference is the mode, not noise.
  await page.getByRole('radio', { name: UI.explore.linear }).check();
  await expect.poll(async () => (await pixelsOf(image)).equals(linear)).toBe(true);
  expect(spherical.equals(linear)).toBe(false);
  expect(app.pageErrors).toEqual([]);
});
