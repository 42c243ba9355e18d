// Journey 2: the scatter shows one point per image; hovering a point shows its image; click sets A,
// shift-click sets B.
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { isolatedPoints, numberIn, openBuiltinMnist, openTab, screenPointOf, trainShortRun } from './support/journeys';

test('scatter: one point per image, hover shows the image, click picks A and B', async ({ app }) => {
  const { page } = app;
  const count = await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1 });
  await openTab(page, UI.tabs.explore);

  const scatter = page.getByRole('img', { name: UI.explore.scatter });
  await test.step('one point per image of the dataset', async () => {
    await expect(scatter).toHaveAttribute('data-point-count', String(count), { timeout: 60_000 });
    await expect(
      page.getByRole('list', { name: UI.explore.labels }).getByRole('button', { pressed: true }),
    ).toHaveCount(10);
  });

  // Points off the crowd, so the real mouse lands on them and on nothing drawn over them.
  const alone = await isolatedPoints(page, 2);
  expect(alone.length).toBe(2);
  for (const p of alone)
    expect(p.gap, `point ${p.index} is ${p.gap}px from its nearest neighbour`).toBeGreaterThanOrEqual(3);
  const [a, b] = alone.map((p) => p.index);

  await test.step('hovering a point shows its image and reconstruction', async () => {
    const p = await screenPointOf(page, a!);
    await page.mouse.move(p.x, p.y);
    const tooltip = page.getByRole('tooltip');
    await expect(tooltip).toBeVisible();
    await expect(tooltip.getByRole('img', { name: UI.explore.hoveredImage })).toBeVisible();
    await expect(tooltip.getByRole('img', { name: UI.explore.hoveredReconstruction })).toBeVisible();
  });

  await test.step('click sets A, shift-click sets B', async () => {
    const pa = await screenPointOf(page, a!);
    await page.mouse.click(pa.x, pa.y);
    await expect.poll(() => numberIn(page, UI.explore.imageA)).toBe(a);
    const pb = await screenPointOf(page, b!);
    await page.keyboard.down('Shift');
    await page.mouse.click(pb.x, pb.y);
    await page.keyboard.up('Shift');
    await expect.poll(() => numberIn(page, UI.explore.imageB)).toBe(b);
    expect(await numberIn(page, UI.explore.imageA)).toBe(a);
  });

  expect(app.pageErrors).toEqual([]);
});
