// Journey 15 (issue 12, scatter half): selections, projections, decoding anywhere and the keyboard,
// each checked on what the person gets: pixels of the scatter, decoded images, downloaded files.
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { contrast, numberIn, openBuiltinMnist, openTab, pixelsOf, trainShortRun } from './support/journeys';

/** Pixels of the scatter's canvas within a small distance of `rgb`. */
async function pixelsOfColour(scatter: Locator, rgb: number[]): Promise<number> {
  const png = await scatter.locator('canvas').screenshot({ animations: 'disabled' });
  const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i]! - rgb[0]!) + Math.abs(data[i + 1]! - rgb[1]!) + Math.abs(data[i + 2]! - rgb[2]!) < 12)
      count++;
  }
  return count;
}

/** The legend swatch colour of label `name`, as [r, g, b]. */
async function labelRgb(page: Page, name: string): Promise<number[]> {
  const swatch = page
    .getByRole('list', { name: UI.explore.labels })
    .getByRole('button', { name, exact: true })
    .locator('span');
  const css = await swatch.evaluate((el) => getComputedStyle(el).backgroundColor);
  return css.match(/\d+/g)!.slice(0, 3).map(Number);
}

/** Coloured (point) pixels of the scatter's canvas, and their bounding box. */
async function drawn(scatter: Locator): Promise<{ count: number; width: number; height: number }> {
  const png = await scatter.locator('canvas').screenshot({ animations: 'disabled' });
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  // The outer 30 px hold the hint text and borders, not points.
  for (let y = 30; y < info.height - 30; y++) {
    for (let x = 30; x < info.width - 30; x++) {
      const i = (y * info.width + x) * 4;
      // Label colours are saturated; the background and the axis lines are grey.
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) < 40) continue;
      count++;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  return { count, width: x1 - x0, height: y1 - y0 };
}

async function countText(page: Page): Promise<string> {
  return ((await page.getByLabel(UI.explore.pointCount).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

test('scatter: search, isolate, select and export; projections; decode anywhere; keyboard', async ({ app }) => {
  const { page } = app;
  const total = await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1 });
  await openTab(page, UI.tabs.explore);
  const scatter = page.getByRole('img', { name: UI.explore.scatter });
  await expect(scatter).toHaveAttribute('data-point-count', String(total), { timeout: 60_000 });
  const totalText = total.toLocaleString('en-US');
  await expect.poll(() => countText(page)).toBe(`${totalText} of ${totalText} points`);

  await test.step('selections: label search, isolate, the counter, CSV of the selection', async () => {
    const [zero, three] = [await labelRgb(page, '0'), await labelRgb(page, '3')];
    expect(await pixelsOfColour(scatter, zero)).toBeGreaterThan(50);
    await page.getByRole('searchbox', { name: UI.explore.searchPoints }).fill('label:3');
    await page.getByRole('searchbox', { name: UI.explore.searchPoints }).press('Enter');
    const status = page.getByRole('status', { name: UI.explore.searchMessage });
    await expect(status).toContainText('selected: label 3');
    const n = Number(((await status.textContent()) ?? '').match(/^[\d,]+/)![0].replace(/,/g, ''));
    expect(n).toBeGreaterThan(500);
    expect(n).toBeLessThan(1500);
    await page.getByRole('button', { name: UI.explore.isolate }).click();
    await expect.poll(() => countText(page)).toBe(`${n.toLocaleString('en-US')} of ${totalText} points`);
    // Only the 3s are drawn now: no pixel has the colour of the 0s.
    await expect.poll(() => pixelsOfColour(scatter, zero)).toBe(0);
    expect(await pixelsOfColour(scatter, three)).toBeGreaterThan(50);
    // A new layout of the same points (here the 2-D view) keeps the isolation: the counter and the
    // picture agree (the 0s came back on screen in v0.2's first build while the counter said N of M).
    await page.getByRole('checkbox', { name: UI.explore.flat }).check();
    await expect.poll(() => pixelsOfColour(scatter, three)).toBeGreaterThan(50);
    expect(await pixelsOfColour(scatter, zero)).toBe(0);
    await page.getByRole('checkbox', { name: UI.explore.flat }).uncheck();

    await page.getByRole('checkbox', { name: UI.explore.selectionOnly }).check();
    const csv = (
      await app.download(() => page.getByRole('button', { name: UI.explore.exportCsv, exact: true }).click())
    ).toString('utf8');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^index,label,file,x,y,z,mu_0,.*,logvar_0,/);
    expect(lines).toHaveLength(n + 1);
    expect(lines.slice(1).every((l) => l.split(',')[1] === '3')).toBe(true);

    await page.getByRole('button', { name: UI.explore.showAllPoints }).click();
    await expect.poll(() => countText(page)).toBe(`${totalText} of ${totalText} points`);

    // A ctrl-drag box over the middle of the scatter selects what is drawn there.
    const box = (await scatter.boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.keyboard.down('Control');
    await page.mouse.move(cx - 40, cy - 40);
    await page.mouse.down();
    await page.mouse.move(cx + 40, cy + 40, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Control');
    await expect(status).toHaveText(/^\d[\d,]* selected$/);
    const boxed = Number(((await status.textContent()) ?? '').replace(/\D/g, ''));
    expect(boxed).toBeGreaterThan(0);
    expect(boxed).toBeLessThan(total);
    await page.getByRole('button', { name: UI.explore.clearSelection }).click();
  });

  await test.step('projections: any PCA component per axis, 2-D, per-axis scaling', async () => {
    const pc123 = await pixelsOf(scatter.locator('canvas'));
    await page.getByRole('combobox', { name: UI.explore.pcaAxes[0] }).selectOption({ label: 'PC8' });
    await expect.poll(async () => (await pixelsOf(scatter.locator('canvas'))).equals(pc123)).toBe(false);
    await page.getByRole('checkbox', { name: UI.explore.flat }).check();
    await expect(page.getByRole('combobox', { name: UI.explore.pcaAxes[2] })).toHaveCount(0);
    // PC8 carries far less variance than PC2: with one scale the cloud is a tall thin band ...
    await page.getByRole('combobox', { name: UI.explore.pcaAxes[1] }).selectOption({ label: 'PC1' });
    await expect
      .poll(async () => {
        const d = await drawn(scatter);
        return d.width / d.height;
      })
      .toBeLessThan(0.6);
    // ... and scaling each axis on its own spreads it in both directions.
    await page.getByRole('checkbox', { name: UI.explore.perAxisScaling }).check();
    await expect
      .poll(async () => {
        const d = await drawn(scatter);
        return d.width / d.height;
      })
      .toBeGreaterThan(0.6);
    await page.getByRole('combobox', { name: UI.explore.pcaAxes[0] }).selectOption({ label: 'PC1' });
    await page.getByRole('combobox', { name: UI.explore.pcaAxes[1] }).selectOption({ label: 'PC2' });
  });

  await test.step('decode anywhere: hovering empty space decodes it; an alt-drag box exports a PNG slice', async () => {
    const box = (await scatter.boundingBox())!;
    // Near the top-left corner, away from the cloud.
    await page.mouse.move(box.x + 45, box.y + 45);
    const tooltip = page.getByRole('tooltip');
    const decoded = tooltip.getByRole('img', { name: UI.explore.decodedHere });
    await expect(decoded).toBeVisible();
    await expect.poll(async () => contrast(await pixelsOf(decoded))).toBeGreaterThan(20);

    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.keyboard.down('Alt');
    await page.mouse.move(cx - 120, cy - 120);
    await page.mouse.down();
    await page.mouse.move(cx + 120, cy + 120, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Alt');
    await expect(page.getByRole('group', { name: UI.explore.decodedSlice })).toBeVisible();
    const png = await app.download(() => page.getByRole('button', { name: UI.explore.exportSlicePng }).click());
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    // 8 × 8 cells of 28 px at scale 2 with 1-px gaps.
    expect(info.width).toBe(8 * 56 + 7);
    expect(info.height).toBe(8 * 56 + 7);
    const cell = (r: number, c: number): number[] => {
      const out: number[] = [];
      for (let y = 0; y < 56; y++) for (let x = 0; x < 56; x++) out.push(data[(r * 57 + y) * info.width + c * 57 + x]!);
      return out;
    };
    const diff = cell(0, 0).reduce((s, v, i) => s + Math.abs(v - cell(7, 7)[i]!), 0) / (56 * 56);
    expect(diff, 'opposite corners of the slice decode to different images').toBeGreaterThan(10);
  });

  await test.step('keyboard: arrows move a cursor, Enter sets A, Shift+Enter sets B; a skip link passes the walk', async () => {
    await page.mouse.move(0, 0);
    const canvas = page.getByLabel(UI.explore.scatterKeys);
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    const tooltip = page.getByRole('tooltip');
    await expect(tooltip).toBeVisible();
    const first = Number(((await tooltip.textContent()) ?? '').match(/#(\d+)/)![1]);
    await page.keyboard.press('Enter');
    await expect.poll(() => numberIn(page, UI.explore.imageA)).toBe(first);
    await page.keyboard.press('ArrowUp');
    await expect(tooltip).not.toContainText(`#${first} `);
    const second = Number(((await tooltip.textContent()) ?? '').match(/#(\d+)/)![1]);
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => numberIn(page, UI.explore.imageB)).toBe(second);
    expect(await numberIn(page, UI.explore.imageA)).toBe(first);

    const skip = page.getByRole('link', { name: UI.explore.skipWalk });
    await skip.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#after-walk')).toBeFocused();
  });

  expect(app.pageErrors).toEqual([]);
});
