// Issue 12 (second half): the Explore tab's Metrics panel, latent arithmetic, figure export and saved
// views, each used as a person would and checked by what it shows (pixels) or the file it gives.
// One host serves the whole file: the first test trains a small model, the others reuse it (and train
// one themselves when run alone).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { contrast, openBuiltinMnist, openTab, pixelsOf, setSpin, trainShortRun } from './support/journeys';

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
