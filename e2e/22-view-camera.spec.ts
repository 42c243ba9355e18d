// Issue 12: a saved view keeps the scatter's camera (and the PCA components and axis scaling). Orbit and
// zoom (3-D) or pan and zoom (2-D), save a view, move the camera away, open the view: the scatter shows
// the same picture, pixel for pixel, and again after a page reload (the browser host keeps the view in
// the page address).
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openBuiltinMnist, openTab, trainShortRun } from './support/journeys';

/** The scatter canvas's RGB pixels, with the mouse parked outside it (no hover ring, no tooltip). */
async function canvasPixels(page: Page, scatter: Locator): Promise<Buffer> {
  await page.mouse.move(2, 2);
  const png = await scatter.locator('canvas').screenshot({ animations: 'disabled' });
  return sharp(png).removeAlpha().raw().toBuffer();
}

/**
 * The canvas once the picture has stopped changing: the wheel's zoom is drawn on the next frame, and
 * thumbnails of near points arrive a little after the camera stops.
 */
async function settledPixels(page: Page, scatter: Locator): Promise<Buffer> {
  let shot = await canvasPixels(page, scatter);
  await expect
    .poll(async () => {
      await page.waitForTimeout(500);
      const again = await canvasPixels(page, scatter);
      const same = differing(shot, again) === 0;
      shot = again;
      return same;
    })
    .toBe(true);
  return shot;
}

/** Fraction of pixels that differ by more than a few grey levels in some channel. */
function differing(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return 1;
  let n = 0;
  for (let i = 0; i < a.length; i += 3) {
    if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 12) n++;
  }
  return n / (a.length / 3);
}

/** Same picture: at most 0.1 % of the pixels differ (float rounding of the restored camera can move a dot's edge). */
const SAME = 0.001;

async function drag(page: Page, scatter: Locator, dx: number, dy: number, button: 'left' | 'right' = 'left') {
  const box = (await scatter.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down({ button });
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up({ button });
}

async function wheel(page: Page, scatter: Locator, deltaY: number, times: number) {
  const box = (await scatter.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < times; i++) await page.mouse.wheel(0, deltaY);
}

test('saved views keep the camera: orbit/zoom, 2-D pan/zoom, reopened and after a reload', async ({ app }) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1, latent: 8 });
  await page.getByRole('textbox', { name: UI.train.modelName }).fill('camera model');
  await page.getByRole('button', { name: UI.train.saveModel, exact: true }).click();
  await expect(
    page
      .getByRole('list', { name: UI.train.savedModels })
      .getByRole('button', { name: UI.train.openModel('camera model') }),
  ).toBeVisible();
  await openTab(page, UI.tabs.explore);
  const scatter = page.getByRole('img', { name: UI.explore.scatter });
  await expect(scatter).toHaveAttribute('data-point-count', '10000', { timeout: 60_000 });
  const views = page.getByRole('region', { name: UI.views.region });
  const saveView = async (name: string) => {
    await views.getByRole('textbox', { name: UI.views.name }).fill(name);
    await views.getByRole('button', { name: UI.views.save }).click();
    await expect(views.getByRole('button', { name: UI.views.open(name) })).toBeVisible();
  };
  const openView = (name: string) => views.getByRole('button', { name: UI.views.open(name) }).click();
  const initial = await canvasPixels(page, scatter);

  const pcX = page.getByRole('combobox', { name: UI.explore.pcaAxes[0] });
  const perAxis = page.getByRole('checkbox', { name: UI.explore.perAxisScaling });
  const orbited = await test.step('3-D: PC4 on x, axes scaled, orbit and zoom in, save; change all; open', async () => {
    await pcX.selectOption({ label: 'PC4' });
    await perAxis.check();
    await drag(page, scatter, 140, 60);
    await wheel(page, scatter, -200, 3);
    const shot = await settledPixels(page, scatter);
    expect(differing(shot, initial)).toBeGreaterThan(0.01);
    await saveView('orbited');
    await drag(page, scatter, -200, -40);
    await wheel(page, scatter, 200, 2);
    await pcX.selectOption({ label: 'PC1' });
    await perAxis.uncheck();
    await expect.poll(async () => differing(await canvasPixels(page, scatter), shot)).toBeGreaterThan(0.01);
    await openView('orbited');
    await expect(pcX).toHaveValue('3');
    await expect(perAxis).toBeChecked();
    await expect.poll(async () => differing(await canvasPixels(page, scatter), shot)).toBeLessThan(SAME);
    return shot;
  });

  await test.step('2-D: pan and zoom, save; back to 3-D; opening it brings back 2-D and the same picture', async () => {
    const flat = page.getByRole('checkbox', { name: UI.explore.flat });
    await flat.check();
    await drag(page, scatter, 80, -50, 'right');
    await wheel(page, scatter, -200, 2);
    const shot = await settledPixels(page, scatter);
    await saveView('flat');
    await flat.uncheck();
    await expect.poll(async () => differing(await canvasPixels(page, scatter), shot)).toBeGreaterThan(0.01);
    await openView('flat');
    await expect(flat).toBeChecked();
    await expect.poll(async () => differing(await canvasPixels(page, scatter), shot)).toBeLessThan(SAME);
  });

  await test.step('the page address keeps the camera: a reload shows the same picture', async () => {
    await openView('orbited');
    await expect(page.getByRole('checkbox', { name: UI.explore.flat })).not.toBeChecked();
    await expect.poll(async () => differing(await canvasPixels(page, scatter), orbited)).toBeLessThan(SAME);
    await expect.poll(() => page.url()).toMatch(/#view=/);
    await page.reload();
    await openTab(page, UI.tabs.explore);
    const again = page.getByRole('img', { name: UI.explore.scatter });
    await expect(again).toHaveAttribute('data-point-count', '10000', { timeout: 60_000 });
    await expect
      .poll(async () => differing(await canvasPixels(page, again), orbited), { timeout: 60_000 })
      .toBeLessThan(SAME);
  });
  expect(app.pageErrors).toEqual([]);
});
