// Journey 11: a model that does not fit the dataset closes the explorer with an explanation, and the
// three.js scatter it closes gives its objects back. Opening an RGB folder after training on MNIST
// and going back, three times over, never leaves more than one scatter view alive.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openBuiltinMnist, openTab, trainShortRun, type ScatterHook } from './support/journeys';

const SIDE = 32;
const PER_LABEL = 4;

/** Real RGB PNGs (a colour gradient per label): the folder loads as 32×32 RGB, unlike MNIST's 28×28 grey. */
async function writeRgbFolder(root: string): Promise<void> {
  for (const [label, base] of [
    ['red', [220, 30, 30]],
    ['blue', [30, 30, 220]],
  ] as const) {
    await mkdir(join(root, label), { recursive: true });
    for (let i = 0; i < PER_LABEL; i++) {
      const px = Buffer.alloc(SIDE * SIDE * 3);
      for (let p = 0; p < SIDE * SIDE; p++) {
        const shade = ((p % SIDE) * 4 + i * 10) % 60;
        px[p * 3] = base[0] + (base[0] > 100 ? -shade : shade);
        px[p * 3 + 1] = base[1] + shade;
        px[p * 3 + 2] = base[2] + (base[2] > 100 ? -shade : shade);
      }
      await sharp(px, { raw: { width: SIDE, height: SIDE, channels: 3 } })
        .png()
        .toFile(join(root, label, `${label}-${i}.png`));
    }
  }
}

type HookWindow = Window & { __latentExplorer: ScatterHook; __maxScatterViews?: number };

const views = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as HookWindow).__latentExplorer.scatterViews());
const glResources = (page: Page) =>
  page.evaluate(() => (window as unknown as HookWindow).__latentExplorer.glResources());

/** Samples the live view count every animation frame from now on, keeping the largest seen. */
async function watchViewCount(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as HookWindow;
    w.__maxScatterViews = w.__latentExplorer.scatterViews();
    const sample = (): void => {
      w.__maxScatterViews = Math.max(w.__maxScatterViews ?? 0, w.__latentExplorer.scatterViews());
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

test('incompatible dataset closes the explorer and disposes the scatter, without leaking views', async ({ app }) => {
  const { page } = app;
  const rgb = join(app.inputsDir, 'rgb-swatches');
  await writeRgbFolder(rgb);

  const count = await openBuiltinMnist(page);
  await trainShortRun(page, { images: 500, epochs: 1 });
  await openTab(page, UI.tabs.explore);
  const scatter = page.getByRole('img', { name: UI.explore.scatter });
  await expect(scatter).toHaveAttribute('data-point-count', String(count), { timeout: 60_000 });
  expect(await views(page)).toBe(1);
  const drawn = await glResources(page);
  // The points, pick, marker and axis geometries are on the GPU once drawn.
  expect(drawn?.geometries ?? 0).toBeGreaterThan(0);
  await watchViewCount(page);

  const mismatch = page.getByRole('status', { name: UI.explore.mismatch });
  for (let cycle = 1; cycle <= 3; cycle++) {
    await test.step(`cycle ${cycle}: a 32×32 RGB folder closes the explorer`, async () => {
      await app.openFolder(rgb);
      await expect(page.getByRole('region', { name: UI.data.summary })).toContainText(`${PER_LABEL * 2} images`, {
        timeout: 60_000,
      });
      await openTab(page, UI.tabs.explore);
      await expect(mismatch).toBeVisible();
      await expect(mismatch).toContainText('28×28 grayscale');
      await expect(mismatch).toContainText('32×32 RGB');
      await expect(scatter).toHaveCount(0);
      await expect.poll(() => views(page)).toBe(0);
      expect(await glResources(page)).toBeNull();
      // No latent call was attempted on the mismatched pair: no MODEL_INCOMPATIBLE alert.
      await expect(page.getByRole('alert')).toHaveCount(0);
    });

    if (cycle === 1) {
      await test.step('the way out: train a new model, told it replaces the current one', async () => {
        await mismatch.getByRole('button', { name: UI.explore.trainNew }).click();
        await expect(page.getByRole('tab', { name: UI.tabs.train })).toHaveAttribute('aria-selected', 'true');
        const note = page.getByRole('note', { name: UI.train.replacesModel });
        await expect(note).toContainText('does not fit this dataset');
        await expect(note).toContainText('32×32 RGB');
      });
    }

    await test.step(`cycle ${cycle}: MNIST again brings the explorer back`, async () => {
      await openBuiltinMnist(page);
      await openTab(page, UI.tabs.explore);
      await expect(mismatch).toHaveCount(0);
      await expect(scatter).toHaveAttribute('data-point-count', String(count), { timeout: 60_000 });
      expect(await views(page)).toBe(1);
      // A fresh renderer holding the same objects as the first one: nothing piles up across views.
      await expect.poll(() => glResources(page)).toEqual(drawn);
    });
  }

  const most = await page.evaluate(() => (window as unknown as HookWindow).__maxScatterViews);
  expect(most).toBe(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(app.pageErrors).toEqual([]);
});
