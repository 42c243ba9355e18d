// Journey 13: what the screen shows is current (issue 10, items 11–19 and 21). Every check reads what
// a person sees — canvas pixels, downloaded files, field states — after real training on MNIST.
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import {
  contrast,
  type ScatterHook,
  openBuiltinMnist,
  openTab,
  pixelsOf,
  screenPointOf,
  setInterpolation,
  setSpin,
  startTraining,
  trainShortRun,
} from './support/journeys';

// omggif ships no types; only GifReader is used.
const { GifReader } = createRequire(import.meta.url)('omggif') as {
  GifReader: new (bytes: Uint8Array) => { width: number; numFrames(): number; frameInfo(i: number): { delay: number } };
};

type Rgb = readonly [number, number, number];
const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;

/** Pixels within `tol` of `colour` in raw RGBA. */
function countColour(rgba: Buffer, colour: Rgb, tol = 24): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4)
    if (Math.abs(rgba[i]! - colour[0]) + Math.abs(rgba[i + 1]! - colour[1]) + Math.abs(rgba[i + 2]! - colour[2]) <= tol)
      n++;
  return n;
}

/** Raw RGBA of a square of the page around a point. */
async function around(page: Page, p: { x: number; y: number }, r = 12): Promise<Buffer> {
  const png = await page.screenshot({ clip: { x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r } });
  return sharp(png).ensureAlpha().raw().toBuffer();
}

/** The pixels of `image` once two reads in a row agree (the last decode has landed). */
async function settled(image: Locator): Promise<Buffer> {
  let last = await pixelsOf(image);
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

test('one-epoch run: ELBO point, theme, rings after re-projection, Play, walk and GIF fields, label filter', async ({
  app,
}) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1 });

  await test.step('16: a one-epoch run draws its test-ELBO point', async () => {
    const chart = page.getByRole('figure', { name: UI.train.elboChart });
    await expect(chart).toHaveAttribute('data-points', '1');
    expect(countColour(await pixelsOf(chart.locator('canvas')), hex('#e15759'), 40)).toBeGreaterThan(8);
  });

  await openTab(page, UI.tabs.explore);
  const scatter = page.getByRole('img', { name: UI.explore.scatter });
  await expect(scatter).toHaveAttribute('data-point-count', '10000', { timeout: 60_000 });

  await test.step('13: the light theme turns the scatter and the charts light at once', async () => {
    await page.getByRole('button', { name: UI.theme }).click();
    await expect
      .poll(async () => {
        const box = (await scatter.boundingBox())!;
        const corner = await around(page, { x: box.x + 12, y: box.y + 12 }, 6);
        return countColour(corner, [255, 255, 255], 12);
      })
      .toBe(144);
    // The chart's grid lines take the light theme's --border, none are left in the dark theme's.
    await openTab(page, UI.tabs.train);
    const canvas = page.getByRole('figure', { name: UI.train.lossChart }).locator('canvas');
    await expect.poll(async () => countColour(await pixelsOf(canvas), hex('#d4d8df'), 6)).toBeGreaterThan(100);
    expect(countColour(await pixelsOf(canvas), hex('#2e3440'), 6)).toBe(0);
    await openTab(page, UI.tabs.explore);
  });

  await test.step('12: the A ring moves with its point when the projection changes', async () => {
    // A point well inside the scatter under both projections (the ring is drawn over any neighbours).
    const projection = page.getByRole('combobox', { name: UI.explore.projection });
    const box = (await scatter.boundingBox())!;
    const inside = async (): Promise<number[]> =>
      page.evaluate(
        ({ b, n }) => {
          const hook = (window as unknown as { __latentExplorer: ScatterHook }).__latentExplorer;
          const ok: number[] = [];
          for (let i = 0; i < n; i++) {
            const p = hook.scatterScreenPoint(i);
            if (p && p.x > b.x + 40 && p.y > b.y + 40 && p.x < b.x + b.width - 40 && p.y < b.y + b.height - 40)
              ok.push(i);
          }
          return ok;
        },
        { b: box, n: 400 },
      );
    // Where the first points are drawn: changes when a new projection is on screen.
    const layout = (): Promise<string> =>
      page.evaluate(() => {
        const hook = (window as unknown as { __latentExplorer: ScatterHook }).__latentExplorer;
        return JSON.stringify(Array.from({ length: 50 }, (_, i) => hook.scatterScreenPoint(i)));
      });
    const pca = await layout();
    await projection.selectOption('dims');
    await expect.poll(layout).not.toBe(pca);
    const inDims = new Set(await inside());
    await projection.selectOption('pca');
    await expect.poll(layout).toBe(pca);
    const a = { index: (await inside()).find((i) => inDims.has(i))! };
    expect(a.index, 'a point on screen in both projections').toBeDefined();
    await setSpin(page, UI.explore.imageA, a.index);
    // The ring is drawn in the light theme's --a-colour itself.
    const ringPixels = (rgba: Buffer): number => countColour(rgba, hex('#c98a00'));
    const before = await screenPointOf(page, a.index);
    await expect.poll(async () => ringPixels(await around(page, before))).toBeGreaterThan(6);
    await projection.selectOption('dims');
    await expect.poll(async () => (await screenPointOf(page, a.index)).x).not.toBe(before.x);
    const after = await screenPointOf(page, a.index);
    await expect.poll(async () => ringPixels(await around(page, after))).toBeGreaterThan(6);
    if (Math.hypot(after.x - before.x, after.y - before.y) > 30)
      expect(ringPixels(await around(page, before)), 'no ring left at the old place').toBe(0);
  });

  await test.step('15: Play moves the slider and the t readout and offers Pause', async () => {
    // The slider's value and the readout, read in one go (they change every frame while playing).
    const read = () =>
      page.evaluate((name) => {
        const slider = document.querySelector<HTMLInputElement>(`input[type=range][aria-label="${name}"]`)!;
        const readout = [...document.querySelectorAll('span')].find((e) => /^t = /.test(e.textContent ?? ''));
        return { value: slider.value, readout: readout?.textContent ?? '' };
      }, UI.explore.interpolation);
    await page.getByRole('button', { name: UI.explore.play, exact: true }).click();
    const pause = page.getByRole('button', { name: UI.explore.pauseAnimation, exact: true });
    await expect(pause).toHaveAttribute('aria-pressed', 'true');
    const seen = new Set<string>();
    await expect
      .poll(async () => {
        const { value, readout } = await read();
        expect(readout).toBe(`t = ${Number(value).toFixed(2)}`);
        seen.add(value);
        return seen.size;
      })
      .toBeGreaterThan(3);
    await pause.click();
    await expect(page.getByRole('button', { name: UI.explore.play, exact: true })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  });

  const walk = page.getByRole('region', { name: UI.explore.walk });
  await test.step('19: 1000 walk steps is refused where typed, the grid keeps 7 columns', async () => {
    await setSpin(page, UI.explore.walkSteps, 1000);
    await expect(page.getByRole('spinbutton', { name: UI.explore.walkSteps })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('list', { name: UI.explore.walkErrors })).toContainText('from 2 to 21');
    const firstDim = walk.getByRole('button', { name: /^dim \d+, step 0$/ }).first();
    const dim = (await firstDim.getAttribute('data-dim'))!;
    await expect(walk.locator(`[data-dim="${dim}"]`)).toHaveCount(7);
    await setSpin(page, UI.explore.walkSteps, 7);
    await expect(page.getByRole('list', { name: UI.explore.walkErrors })).toHaveCount(0);
  });

  await test.step('19: GIF fields 0/0/0 are refused; a row GIF uses the fields', async () => {
    for (const f of [UI.explore.gifFrames, UI.explore.gifFps, UI.explore.gifSize]) await setSpin(page, f, 0);
    await expect(page.getByRole('list', { name: UI.explore.gifErrors }).getByRole('listitem')).toHaveCount(3);
    await expect(page.getByRole('button', { name: UI.explore.exportGif, exact: true })).toBeDisabled();
    await setSpin(page, UI.explore.gifFrames, 5);
    await setSpin(page, UI.explore.gifFps, 4);
    await setSpin(page, UI.explore.gifSize, 56);
    const rowGif = walk.getByRole('button', { name: /^Export GIF of dim \d+$/ }).first();
    const gif = new GifReader(new Uint8Array(await app.download(() => rowGif.click())));
    // Ping-pong (on by default): 5 frames there, 3 back.
    expect([gif.numFrames(), gif.width, gif.frameInfo(0).delay]).toEqual([8, 56, 25]);
  });

  await test.step('19: the walk PNG holds the rows on screen, with a label column', async () => {
    const rows = await walk.getByRole('button', { name: /^Play dim \d+$/ }).count();
    const png = await app.download(() => walk.getByRole('button', { name: UI.explore.exportGridPng }).click());
    const meta = await sharp(png).metadata();
    expect(meta.height).toBe(rows * 56 + (rows - 1));
    expect(meta.width).toBeGreaterThan(7 * 56 + 6 + 40);
  });

  await test.step('21: every label filter finds 12 neighbours of that label', async () => {
    const filter = page.getByRole('combobox', { name: UI.explore.labelFilter });
    const found = page.getByRole('list', { name: UI.explore.neighbours }).getByRole('button', { name: /^Neighbour/ });
    for (let label = 0; label < 10; label++) {
      await filter.selectOption(String(label));
      await expect(found, `label ${label}`).toHaveCount(12);
    }
  });
  expect(app.pageErrors).toEqual([]);
});

test('11, 17, 18: a new model redraws the interpolation; opening a saved one restores its settings and images', async ({
  app,
}) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1, latent: 20, seed: 1 });

  const name = page.getByRole('textbox', { name: UI.train.modelName });
  const first = 'MLP MNIST (built-in) z20 e1';
  await test.step('18: the suggested name comes from the model; the list shows architecture and dataset', async () => {
    await expect(name).toHaveValue(first);
    await page.getByRole('button', { name: UI.train.saveModel, exact: true }).click();
    const saved = page.getByRole('list', { name: UI.train.savedModels });
    await expect(saved.getByRole('listitem').filter({ hasText: first })).toContainText(
      'MLP · MNIST (built-in) · z20 · 1 ep',
    );
  });

  await openTab(page, UI.tabs.explore);
  await setSpin(page, UI.explore.imageA, 0);
  await setSpin(page, UI.explore.imageB, 1);
  await setInterpolation(page, 0.5);
  const image = page.getByRole('img', { name: UI.explore.interpolated, exact: true });
  const fromFirst = await settled(image);

  await trainShortRun(page, { images: 1500, epochs: 1, latent: 8, seed: 5 });
  const reconstructions = page.getByRole('img', { name: UI.train.reconstructions });
  const secondRecon = await settled(reconstructions);

  await test.step('11: the interpolated image is the new model’s without touching the slider', async () => {
    await openTab(page, UI.tabs.explore);
    await expect.poll(async () => (await pixelsOf(image)).equals(fromFirst)).toBe(false);
    const shown = await settled(image);
    await setInterpolation(page, 0);
    await setInterpolation(page, 0.5);
    expect((await settled(image)).equals(shown), 'what was shown is what the new model decodes').toBe(true);
  });

  await test.step('17: opening the saved model sets the form to its settings and redraws its images', async () => {
    await openTab(page, UI.tabs.train);
    await expect(page.getByRole('spinbutton', { name: UI.train.latent, exact: true })).toHaveValue('8');
    await page.getByRole('button', { name: UI.train.openModel(first), exact: true }).click();
    await expect(page.getByRole('spinbutton', { name: UI.train.latent, exact: true })).toHaveValue('20');
    await expect(page.getByRole('spinbutton', { name: UI.train.seed, exact: true })).toHaveValue('1');
    await expect.poll(async () => (await pixelsOf(reconstructions)).equals(secondRecon)).toBe(false);
    expect(contrast(await pixelsOf(page.getByRole('img', { name: UI.train.samples })))).toBeGreaterThan(10);
  });

  await test.step('18: deleting asks first; Keep keeps the model', async () => {
    const saved = page.getByRole('list', { name: UI.train.savedModels });
    await saved.getByRole('button', { name: UI.train.deleteModel(first), exact: true }).click();
    await saved
      .getByRole('group', { name: UI.train.confirmDeleteGroup(first) })
      .getByRole('button', { name: 'Keep' })
      .click();
    await expect(saved.getByRole('button', { name: UI.train.openModel(first), exact: true })).toBeVisible();
    await saved.getByRole('button', { name: UI.train.deleteModel(first), exact: true }).click();
    await saved.getByRole('button', { name: UI.train.confirmDelete(first), exact: true }).click();
    await expect(saved.getByRole('listitem').filter({ hasText: first })).toHaveCount(0);
  });
  expect(app.pageErrors).toEqual([]);
});

test('14: reopening the page during training rebuilds the whole Train tab from the service', async ({ app }) => {
  let page = app.page;
  await openBuiltinMnist(page);
  await startTraining(page, { images: 1500, epochs: 200, latent: 6 });
  const elbo = page.getByRole('figure', { name: UI.train.elboChart });
  await expect
    .poll(async () => Number(await elbo.getAttribute('data-points')), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(2);
  // Paused, so the run stands still while the reopened page is checked: nothing arrives live.
  await page.getByRole('button', { name: UI.train.pause, exact: true }).click();
  const status = page.getByRole('status', { name: UI.train.status });
  await expect(status).toContainText(/paused/i);

  await page.reload();
  page = app.page;
  await expect(page.getByRole('tab', { name: UI.tabs.train })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('spinbutton', { name: UI.train.epochs, exact: true })).toHaveValue('200');
  await expect(page.getByRole('spinbutton', { name: UI.train.latent, exact: true })).toHaveValue('6');
  await expect(status).toContainText(/epoch ([3-9]|\d\d+)\/200/);
  // 1,500 images in batches of 128: 12 steps an epoch, every one of them drawn from step 1.
  const loss = page.getByRole('figure', { name: UI.train.lossChart });
  await expect.poll(async () => Number(await loss.getAttribute('data-points'))).toBeGreaterThanOrEqual(24);
  await expect.poll(async () => Number(await elbo.getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
  expect(contrast(await pixelsOf(page.getByRole('img', { name: UI.train.reconstructions })))).toBeGreaterThan(10);
  const cancel = page.getByRole('button', { name: UI.train.cancel, exact: true });
  await expect(cancel).toBeEnabled();

  await page.getByRole('button', { name: UI.train.resume, exact: true }).click();
  await page.getByRole('button', { name: UI.train.stop, exact: true }).click();
  await expect(status).toContainText(/Stopped after \d+ epochs/, { timeout: 60_000 });
  await expect(cancel).toBeDisabled();
  await expect(page.getByRole('button', { name: UI.train.train, exact: true })).toBeEnabled();
  expect(app.pageErrors).toEqual([]);
});

test('21: the folder listing shows the folder just loaded, never the one before', async ({ app }) => {
  const { page } = app;
  const write = async (dir: string, prefix: string): Promise<void> => {
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < 3; i++) {
      const px = Buffer.alloc(16 * 16, i * 80);
      await sharp(px, { raw: { width: 16, height: 16, channels: 1 } })
        .png()
        .toFile(join(dir, `${prefix}-${i}.png`));
    }
  };
  const first = join(app.inputsDir, 'first');
  const second = join(app.inputsDir, 'second');
  await write(first, 'one');
  await write(second, 'two');
  const listing = page.getByRole('list', { name: UI.data.folderListing });
  const summary = page.getByRole('region', { name: UI.data.summary });

  await app.openFolder(first);
  await expect(summary).toContainText('3 images', { timeout: 60_000 });
  await expect(listing).toContainText('one-0.png');

  await page.getByRole('textbox', { name: UI.data.folderPath }).fill(second);
  await page.getByRole('button', { name: UI.data.loadFolder, exact: true }).click();
  await expect(listing).toContainText('two-0.png');
  await expect(listing).not.toContainText('one-0.png');
  expect(app.pageErrors).toEqual([]);
});
