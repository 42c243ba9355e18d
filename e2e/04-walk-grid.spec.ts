// Journey 4: the latent walk grid shows rows × steps images, rows ranked by KL; clicking a cell
// makes that point the new base.
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openBuiltinMnist, openTab, pixelsOf, setSpin, trainShortRun } from './support/journeys';

test('walk grid: rows × steps ranked by KL, clicking a cell moves the base', async ({ app }) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1, latent: 8 });
  await openTab(page, UI.tabs.explore);

  const walk = page.getByRole('region', { name: UI.explore.walk });
  await setSpin(page, UI.explore.walkSteps, 5);
  // Show every dimension (inactive ones are collapsed behind a button), so the rows are all 8 dims.
  const showInactive = walk.getByRole('button', { name: /^Show \d+ inactive dimensions/ });
  if ((await showInactive.count()) > 0) await showInactive.click();

  const cells = walk.locator('[data-dim][data-step]');
  await expect(cells).toHaveCount(8 * 5, { timeout: 60_000 });

  const rows = await cells.evaluateAll((els) =>
    els.map((el) => ({ dim: Number(el.getAttribute('data-dim')), step: Number(el.getAttribute('data-step')) })),
  );
  await test.step('each row is one dimension with steps 0..4, every dimension once', async () => {
    const dims = [...new Set(rows.map((r) => r.dim))];
    expect([...dims].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const d of dims) {
      expect(rows.filter((r) => r.dim === d).map((r) => r.step)).toEqual([0, 1, 2, 3, 4]);
    }
    await expect(walk.getByRole('button', { name: UI.explore.walkCell(dims[0]!, 2), exact: true })).toBeVisible();
  });

  await test.step('rows are ranked by KL, highest first', async () => {
    // Each row's KL bar tells its value on hover: "KL 1.23 nats".
    const titles = await walk
      .locator('[title^="KL "]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('title')!));
    expect(titles).toHaveLength(8);
    const kl = titles.map((t) => Number(/KL\s+(\S+)\s+nats/.exec(t)?.[1]));
    expect(kl.every(Number.isFinite), `KL values: ${titles.join(' | ')}`).toBe(true);
    expect(kl).toEqual([...kl].sort((x, y) => y - x));
  });

  await test.step('clicking a cell makes it the base', async () => {
    const base = page.getByRole('status', { name: UI.explore.walkBase });
    const before = await base.textContent();
    const topDim = rows[0]!.dim;
    const gridBefore = await pixelsOf(walk.locator('[data-dim][data-step]').first());
    await walk.getByRole('button', { name: UI.explore.walkCell(topDim, 4), exact: true }).click();
    await expect(base).not.toHaveText(before ?? '');
    // The first cell now walks around the new base, so it shows a different image.
    await expect
      .poll(async () => (await pixelsOf(walk.locator('[data-dim][data-step]').first())).equals(gridBefore))
      .toBe(false);
  });
  expect(app.pageErrors).toEqual([]);
});
