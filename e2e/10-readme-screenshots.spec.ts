// The README's screenshots, from a real run: all 9,000 training digits, 5 epochs, then each panel.
// Writes docs/screenshots/*.png, so it runs only when asked (SCREENSHOTS=1), never in CI.
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import {
  isolatedPoints,
  openBuiltinMnist,
  openTab,
  readmeScreenshot,
  screenPointOf,
  setInterpolation,
  setSpin,
  trainShortRun,
} from './support/journeys';

// Decided before any host or browser starts.
test.skip(process.env.SCREENSHOTS !== '1', 'README screenshots are taken only with SCREENSHOTS=1');
test.skip(({ transport }) => transport !== 'web', 'README screenshots come from the web project');

test('README screenshots of each panel after real training', async ({ app }) => {
  test.setTimeout(600_000);
  const { page } = app;

  await openBuiltinMnist(page);
  await readmeScreenshot(page, 'data');

  await trainShortRun(page, { images: 0, epochs: 5, latent: 16 });
  await readmeScreenshot(page, 'train');

  await openTab(page, UI.tabs.explore);
  await expect(page.getByRole('img', { name: UI.explore.scatter })).toHaveAttribute('data-point-count', '10000', {
    timeout: 60_000,
  });
  await setSpin(page, UI.explore.imageA, 3);
  await setSpin(page, UI.explore.imageB, 2);
  await setInterpolation(page, 0.5);
  const [p] = await isolatedPoints(page, 1);
  const at = await screenPointOf(page, p!.index);
  await page.mouse.move(at.x, at.y);
  await expect(page.getByRole('tooltip')).toBeVisible();
  await readmeScreenshot(page, 'explore');

  await page.mouse.move(0, 0);
  await page.getByRole('region', { name: UI.explore.walk }).scrollIntoViewIfNeeded();
  await readmeScreenshot(page, 'walk');
});
