// Journey 1: first launch → built-in MNIST → a short training run → the loss chart fills up and
// prior samples appear.
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { contrast, openBuiltinMnist, pixelsOf, startTraining, waitForTrainingEnd } from './support/journeys';

test('first launch: load MNIST, train a short run, watch loss and samples', async ({ app }) => {
  const { page } = app;

  await test.step('the built-in MNIST loads with its summary and preview', async () => {
    expect(await openBuiltinMnist(page)).toBe(10_000);
    await expect(page.getByRole('region', { name: UI.data.preview }).getByRole('img').first()).toBeVisible();
  });

  const lossChart = page.getByRole('figure', { name: UI.train.lossChart });
  await test.step('a short run draws the loss as it trains', async () => {
    // Record every value the chart's data-points takes, so growth is seen however fast the run is.
    await page.evaluate((name) => {
      const seen: number[] = [];
      (window as unknown as { __lossPoints: number[] }).__lossPoints = seen;
      const watch = (): void => {
        const el = document.querySelector(`figure[aria-label="${name}"], [role="figure"][aria-label="${name}"]`);
        if (!el) return void setTimeout(watch, 20);
        const record = (): void => {
          const v = Number(el.getAttribute('data-points') ?? 0);
          if (seen[seen.length - 1] !== v) seen.push(v);
        };
        record();
        new MutationObserver(record).observe(el, { attributes: true, attributeFilter: ['data-points'] });
      };
      watch();
    }, UI.train.lossChart);

    await startTraining(page, { images: 1500, epochs: 2 });
    await expect(page.getByRole('status', { name: UI.train.status })).toContainText(/Backend: \w+/);
    await waitForTrainingEnd(page, 2);

    const seen = await page.evaluate(() => (window as unknown as { __lossPoints: number[] }).__lossPoints);
    const growing = seen.filter((v) => v > 0);
    expect(growing.length, `data-points values seen: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(growing).toEqual([...growing].sort((a, b) => a - b));
    expect(Number(await lossChart.getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
  });

  await test.step('prior samples and reconstructions show digits', async () => {
    const samples = page.getByRole('img', { name: UI.train.samples, exact: true });
    expect(contrast(await pixelsOf(samples))).toBeGreaterThan(10);
    expect(
      contrast(await pixelsOf(page.getByRole('img', { name: UI.train.reconstructions, exact: true }))),
    ).toBeGreaterThan(10);
  });

  expect(app.pageErrors).toEqual([]);
});
