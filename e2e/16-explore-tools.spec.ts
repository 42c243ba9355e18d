// Issue 12 (second half): the Explore tab's Metrics panel, latent arithmetic, figure export and saved
// views, each used as a person would and checked by what it shows (pixels) or the file it gives.
// One host serves the whole file: the first test trains a small model, the others reuse it (and train
// one themselves when run alone).
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { contrast, openBuiltinMnist, openTab, pixelsOf, setSpin, trainShortRun } from './support/journeys';

// omggif ships no types; only GifReader is used.
const { GifReader } = createRequire(import.meta.url)('omggif') as {
  GifReader: new (bytes: Uint8Array) => {
    width: number;
    height: number;
    numFrames(): number;
    decodeAndBlitFrameRGBA(i: number, out: Uint8Array): void;
  };
};

const RUN = { images: 1500, epochs: 2, latent: 8 };

/** Opens the Explore tab with a model on MNIST, training one first when the host has none. */
async function exploreWithModel(page: Page): Promise<void> {
  await openTab(page, UI.tabs.explore);
  const scatter = page.getByRole('region', { name: UI.metrics.region });
  if (await scatter.isVisible().catch(() => false)) return;
  await openBuiltinMnist(page);
  await trainShortRun(page, RUN);
  await openTab(page, UI.tabs.explore);
}

/** The number in a metric's text ("−98.31 nats" → −98.31). */
async function metric(page: Page, name: string): Promise<number> {
  const text = (await page.locator(`[data-metric="${name}"]`).textContent()) ?? '';
  const m = /-?[\d.]+(e[-+]?\d+)?/.exec(text.replace('−', '-'));
  if (!m) throw new Error(`metric ${name} shows no number: "${text}"`);
  return Number(m[0]);
}

test('Metrics: KL per dimension now and over epochs, IW-NLL with a chosen k, cancel', async ({ app }) => {
  const { page } = app;
  await exploreWithModel(page);
  const region = page.getByRole('region', { name: UI.metrics.region });

  await test.step('KL per dimension is drawn as bars, and as lines over the 2 epochs', async () => {
    const bars = region.getByRole('img', { name: UI.metrics.klChart, exact: true });
    await expect(bars).toHaveAttribute('data-bars', String(RUN.latent), { timeout: 60_000 });
    expect(contrast(await pixelsOf(bars))).toBeGreaterThan(5);
    const history = region.getByRole('img', { name: UI.metrics.klHistory });
    await expect(history).toHaveAttribute('data-epochs', String(RUN.epochs));
    expect(contrast(await pixelsOf(history))).toBeGreaterThan(5);
  });

  await test.step('a long IW-NLL run shows progress and can be cancelled, leaving no numbers and no error', async () => {
    await setSpin(page, UI.metrics.iwSamples, 5000);
    await region.getByRole('button', { name: UI.metrics.evaluate }).click();
    const bar = region.getByRole('progressbar', { name: UI.metrics.progress });
    await expect(bar).toBeVisible();
    await region.getByRole('button', { name: UI.data.cancel }).click();
    await expect(bar).toBeHidden({ timeout: 30_000 });
    await expect(page.locator('[data-metric="iw-nll"]')).toHaveText('—');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  await test.step('with k = 5: test ELBO, IW-NLL ≤ −ELBO, bits per dim = IW-NLL / (784 ln 2), active units', async () => {
    await setSpin(page, UI.metrics.iwSamples, 5);
    await region.getByRole('button', { name: UI.metrics.evaluate }).click();
    await expect(page.locator('[data-metric="iw-nll"]')).toContainText('nats', { timeout: 120_000 });
    await expect(region).toContainText('IW-NLL (k = 5)');
    const elbo = await metric(page, 'test-elbo');
    const nll = await metric(page, 'iw-nll');
    expect(elbo).toBeLessThan(-50);
    expect(elbo).toBeGreaterThan(-400);
    // The importance-weighted bound is tighter than the ELBO (a little slack for sampling noise).
    expect(nll).toBeLessThanOrEqual(-elbo + 2);
    expect(await metric(page, 'bits-per-dim')).toBeCloseTo(nll / (784 * Math.LN2), 2);
    const units = (await page.locator('[data-metric="active-units"]').textContent()) ?? '';
    expect(units).toMatch(new RegExp(`^\\s*[1-8] of ${RUN.latent}\\s*$`));
  });
  expect(app.pageErrors).toEqual([]);
});

/** Waits until the element shows an image other than `other` (and not a blank), and returns its pixels. */
async function changedFrom(el: Locator, other: Buffer | null): Promise<Buffer> {
  let now: Buffer = Buffer.alloc(0);
  await expect
    .poll(async () => {
      now = await pixelsOf(el);
      return contrast(now) > 5 && (other === null || !now.equals(other));
    })
    .toBe(true);
  return now;
}

test('Latent arithmetic: C + (B − A) and attribute vectors decode live; GIF along the strength', async ({ app }) => {
  const { page } = app;
  await exploreWithModel(page);
  const group = page.getByRole('group', { name: UI.arithmetic.group });
  const result = group.getByRole('img', { name: UI.arithmetic.result });
  const strength = group.getByRole('slider', { name: UI.arithmetic.strength });

  await setSpin(page, UI.arithmetic.a, 3);
  await setSpin(page, UI.arithmetic.b, 7);
  await setSpin(page, UI.arithmetic.c, 5);
  const atOne = await changedFrom(result, null);
  await strength.fill('0');
  const cAlone = await changedFrom(result, atOne);

  await test.step('with B = A the difference vanishes: C + (A − A) decodes exactly as C', async () => {
    await strength.fill('1');
    await changedFrom(result, cAlone);
    await setSpin(page, UI.arithmetic.b, 3);
    await expect.poll(async () => (await pixelsOf(result)).equals(cAlone)).toBe(true);
  });

  await test.step('attribute vector mean(1) − mean(0) on image 5: strength 0 is image 5, strength 2 is not', async () => {
    await group.getByRole('radio', { name: UI.arithmetic.attribute }).check();
    await setSpin(page, UI.arithmetic.image, 5);
    await group.getByRole('combobox', { name: UI.arithmetic.add }).selectOption('1');
    await group.getByRole('combobox', { name: UI.arithmetic.subtract }).selectOption('0');
    await strength.fill('0');
    await expect.poll(async () => (await pixelsOf(result)).equals(cAlone)).toBe(true);
    await strength.fill('2');
    await changedFrom(result, cAlone);
  });

  await test.step('the GIF has 20 frames of 112 px that morph from strength 0 to 2', async () => {
    const bytes = await app.download(() => group.getByRole('button', { name: UI.arithmetic.exportGif }).click());
    const gif = new GifReader(new Uint8Array(bytes));
    expect([gif.numFrames(), gif.width, gif.height]).toEqual([20, 112, 112]);
    const first = new Uint8Array(112 * 112 * 4);
    const last = new Uint8Array(112 * 112 * 4);
    gif.decodeAndBlitFrameRGBA(0, first);
    for (let i = 0; i < gif.numFrames(); i++) gif.decodeAndBlitFrameRGBA(i, last);
    expect(Buffer.from(first).equals(Buffer.from(last))).toBe(false);
  });
  expect(app.pageErrors).toEqual([]);
});

test('Export figure: traversal for 3 images (PNG and SVG), manifold, samples and reconstructions at a scale', async ({
  app,
}) => {
  const { page } = app;
  await exploreWithModel(page);
  const figures = page.getByRole('region', { name: UI.figures.region });
  await figures.getByRole('textbox', { name: UI.figures.images }).fill('3, 7, 12');
  await setSpin(page, UI.figures.scale, 2);

  await test.step('the traversal PNG: three blocks of 9 steps of 56-px digits, rows of KL-ranked dims', async () => {
    const png = await app.download(() => figures.getByRole('button', { name: UI.figures.exportFigure }).click());
    const img = sharp(png);
    const { width, height } = await img.metadata();
    expect(width).toBeGreaterThan(3 * 9 * 56);
    expect(height).toBeGreaterThan(56);
    expect(contrast(await img.ensureAlpha().raw().toBuffer())).toBeGreaterThan(20);
  });

  await test.step('as SVG: vector labels for dims, KL and σ, one embedded block per image', async () => {
    await figures.getByRole('checkbox', { name: UI.figures.svg }).check();
    const svg = (
      await app.download(() => figures.getByRole('button', { name: UI.figures.exportFigure }).click())
    ).toString('utf8');
    expect(svg).toMatch(/^<svg /);
    for (const title of ['image #3', 'image #7', 'image #12', '−3.0σ', '+3.0σ']) expect(svg).toContain(title);
    expect(svg.match(/<image /g)).toHaveLength(3);
    const kls = [...svg.matchAll(/z\d+ · KL ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(kls.length).toBeGreaterThan(0);
    expect(kls).toEqual([...kls].sort((a, b) => b - a));
  });

  await test.step('manifold, samples and reconstructions PNGs have the size the scale implies', async () => {
    await setSpin(page, UI.figures.scale, 3);
    const size = async (name: string) => {
      const png = await app.download(() => figures.getByRole('button', { name }).click());
      const { width, height } = await sharp(png).metadata();
      return [width, height];
    };
    // 28-px digits × 3, 1-px gaps: manifold 15×15, samples 8×8, reconstructions 8 over 2 rows.
    expect(await size(UI.figures.manifoldPng)).toEqual([15 * 84 + 14, 15 * 84 + 14]);
    expect(await size(UI.figures.samplesPng)).toEqual([8 * 84 + 7, 8 * 84 + 7]);
    expect(await size(UI.figures.reconstructionsPng)).toEqual([8 * 84 + 7, 2 * 84 + 1]);
  });
  expect(app.pageErrors).toEqual([]);
});

// Last in this file: it restarts the host.
test('Saved views: save, survive a restart, open restores exactly, export/import JSON, URL keeps the view', async ({
  app,
}) => {
  let page = app.page;
  await exploreWithModel(page);
  await openTab(page, UI.tabs.train);
  await page.getByRole('textbox', { name: UI.train.modelName }).fill('view model');
  await page.getByRole('button', { name: UI.train.saveModel, exact: true }).click();
  await expect(
    page
      .getByRole('list', { name: UI.train.savedModels })
      .getByRole('button', { name: UI.train.openModel('view model') }),
  ).toBeVisible();
  await openTab(page, UI.tabs.explore);

  // The state to keep: A, B, C, a latent-dims projection and walk settings.
  const walkCell = page.getByRole('region', { name: UI.explore.walk }).locator('[data-dim][data-step]').first();
  const setState = async (a: number, b: number, c: number, steps: number) => {
    await setSpin(page, UI.explore.imageA, a);
    await setSpin(page, UI.explore.imageB, b);
    await setSpin(page, UI.arithmetic.c, c);
    await setSpin(page, UI.explore.walkSteps, steps);
  };
  await setState(11, 22, 33, 5);
  await page.getByRole('combobox', { name: UI.explore.projection }).selectOption('dims');
  await page.getByRole('combobox', { name: UI.explore.projectionDims[0], exact: true }).selectOption('z3');
  const cellBefore = await changedFrom(walkCell, null);

  const views = page.getByRole('region', { name: UI.views.region });
  await views.getByRole('textbox', { name: UI.views.name }).fill('digits');
  await views.getByRole('button', { name: UI.views.save }).click();
  const list = views.getByRole('list', { name: UI.views.list });
  await expect(list.getByRole('button', { name: UI.views.open('digits') })).toBeVisible();

  await test.step('the page address carries the view: a reload keeps A = 11 and the projection', async () => {
    await expect.poll(() => page.url()).toMatch(/#view=/);
    await page.reload();
    await openTab(page, UI.tabs.explore);
    await expect(page.getByRole('spinbutton', { name: UI.explore.imageA, exact: true })).toHaveValue('11');
    await expect(page.getByRole('combobox', { name: UI.explore.projection })).toHaveValue('dims');
  });

  const file = await test.step('export: a small JSON file with the view', async () => {
    const bytes = await app.download(() => list.getByRole('button', { name: UI.views.export('digits') }).click());
    const view = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    expect(view).toMatchObject({ name: 'digits', a: 11, b: 22, c: 33, modelName: 'view model' });
    expect(view.projection).toMatchObject({ method: 'dims' });
    expect((view.projection as { dims: number[] }).dims[0]).toBe(3);
    expect(view.walk).toMatchObject({ steps: 5, base: { kind: 'a' } });
    expect(bytes.length).toBeLessThan(4096);
    const path = `${app.inputsDir}/digits.view.json`;
    await (await import('node:fs/promises')).writeFile(path, bytes);
    return path;
  });

  await test.step('after a restart the view is listed; opening it reloads data and model and restores all', async () => {
    page = await app.restart();
    await openTab(page, UI.tabs.explore);
    const list2 = page.getByRole('region', { name: UI.views.region }).getByRole('list', { name: UI.views.list });
    await list2.getByRole('button', { name: UI.views.open('digits') }).click();
    await expect(page.getByRole('spinbutton', { name: UI.explore.imageA, exact: true })).toHaveValue('11', {
      timeout: 60_000,
    });
    await expect(page.getByRole('spinbutton', { name: UI.explore.imageB, exact: true })).toHaveValue('22');
    await expect(page.getByRole('spinbutton', { name: UI.arithmetic.c, exact: true })).toHaveValue('33');
    await expect(page.getByRole('spinbutton', { name: UI.explore.walkSteps, exact: true })).toHaveValue('5');
    await expect(page.getByRole('combobox', { name: UI.explore.projection })).toHaveValue('dims');
    await expect(page.getByRole('combobox', { name: UI.explore.projectionDims[0], exact: true })).toHaveValue('3');
    // The same model at the same A and walk settings draws the same first walk cell.
    const cell = page.getByRole('region', { name: UI.explore.walk }).locator('[data-dim][data-step]').first();
    await expect.poll(async () => (await pixelsOf(cell)).equals(cellBefore)).toBe(true);
  });

  await test.step('delete, then import the exported file: the view is back', async () => {
    const region = page.getByRole('region', { name: UI.views.region });
    await region.getByRole('button', { name: UI.views.delete('digits') }).click();
    await expect(region.getByRole('button', { name: UI.views.open('digits') })).toHaveCount(0);
    await region.getByLabel(UI.views.import).setInputFiles(file);
    await expect(region.getByRole('button', { name: UI.views.open('digits') })).toBeVisible();
  });
  expect(app.pageErrors).toEqual([]);
});
