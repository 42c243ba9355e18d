// Journey (issue 12, file names): a folder of real Debian Oxygen icons in label sub-folders, one of
// them named with a comma, quotes and a line break. A person finds images by a piece of their file
// name, sees the count, hovers one point and sees its file, sets it as A, and exports the selection as
// CSV whose `file` column a spreadsheet reads back whole.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { parseCsv } from '../src/main/export/test-csv';
import { isolatedPoints, openTab, screenPointOf, trainShortRun } from './support/journeys';

const ICONS = '/usr/share/icons/oxygen/base/32x32';
const ODD_NAME = 'face-odd, "quoted"\nname.png';

/** Copies up to `count` icons of one Oxygen category into `root/label`; returns their paths in `root`. */
async function copyIcons(
  root: string,
  category: string,
  label: string,
  count: number,
  keep: (name: string) => boolean = () => true,
): Promise<string[]> {
  await mkdir(join(root, label), { recursive: true });
  const names = (await readdir(join(ICONS, category))).filter((n) => n.endsWith('.png') && keep(n)).slice(0, count);
  for (const n of names) await copyFile(join(ICONS, category, n), join(root, label, n));
  return names.map((n) => `${label}/${n}`);
}

async function countText(page: Page): Promise<string> {
  return ((await page.getByLabel(UI.explore.pointCount).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

test('file names: search by a piece of a name, see it on the point and under A, export it in the CSV', async ({
  app,
}) => {
  const { page } = app;
  const root = join(app.inputsDir, 'icons');
  const files = [
    ...(await copyIcons(root, 'emotes', 'faces', 12)),
    ...(await copyIcons(root, 'devices', 'devices', 12)),
    ...(await copyIcons(root, 'places', 'places', 12)),
  ];
  await copyFile(join(ICONS, 'emotes', 'face-smile.png'), join(root, 'faces', ODD_NAME));
  files.push(`faces/${ODD_NAME}`);
  const faces = files.filter((f) => f.toLowerCase().includes('face-')).sort();
  expect(faces.length).toBeGreaterThan(5);
  expect(faces.length).toBeLessThan(files.length);

  await app.openFolder(root);
  await expect(page.getByRole('region', { name: UI.data.summary })).toContainText(`${files.length} images`, {
    timeout: 60_000,
  });
  await trainShortRun(page, { images: 0, epochs: 1 });
  await openTab(page, UI.tabs.explore);
  const scatter = page.getByRole('img', { name: UI.explore.scatter });
  await expect(scatter).toHaveAttribute('data-point-count', String(files.length), { timeout: 60_000 });

  const search = page.getByRole('searchbox', { name: UI.explore.searchPoints });
  await search.fill('face-');
  await search.press('Enter');
  const status = page.getByRole('status', { name: UI.explore.searchMessage });
  await expect(status).toHaveText(`${faces.length} selected: files matching “face-”`);
  await page.getByRole('button', { name: UI.explore.isolate }).click();
  await expect.poll(() => countText(page)).toBe(`${faces.length} of ${files.length} points`);

  // The selection's CSV: one row per face, its file read back whole (comma, quotes, line break).
  await page.getByRole('checkbox', { name: UI.explore.selectionOnly }).check();
  const csv = (
    await app.download(() => page.getByRole('button', { name: UI.explore.exportCsv, exact: true }).click())
  ).toString('utf8');
  const [header, ...rows] = parseCsv(csv);
  expect(header!.slice(0, 6)).toEqual(['index', 'label', 'file', 'x', 'y', 'z']);
  expect(rows.every((r) => r.length === header!.length)).toBe(true);
  expect(rows.map((r) => r[2]).sort()).toEqual(faces);
  expect(rows.every((r) => r[1] === 'faces')).toBe(true);
  const fileOf = new Map(rows.map((r) => [Number(r[0]), r[2]!]));

  // Hovering a selected face shows its file; a click makes it A, whose file shows under A.
  const alone = (await isolatedPoints(page, files.length)).filter((p) => fileOf.has(p.index) && p.gap >= 3);
  expect(alone.length, 'a selected face stands apart enough to be hovered').toBeGreaterThan(0);
  const index = alone[0]!.index;
  const point = await screenPointOf(page, index);
  await page.mouse.move(point.x, point.y);
  const tooltip = page.getByRole('tooltip');
  await expect(tooltip).toContainText(`#${index} · faces`);
  await expect(tooltip).toContainText(fileOf.get(index)!);
  await page.mouse.click(point.x, point.y);
  await expect(page.getByRole('spinbutton', { name: UI.explore.imageA })).toHaveValue(String(index));
  await expect(page.getByTitle(fileOf.get(index)!, { exact: true })).toBeVisible();
  await page.mouse.move(0, 0);

  await test.step('another folder of the same image shape: only its names are searched and shown', async () => {
    const other = join(app.inputsDir, 'more-icons');
    const noFace = (n: string): boolean => !n.toLowerCase().includes('face-');
    const more = [
      ...(await copyIcons(other, 'actions', 'actions', 10, noFace)),
      ...(await copyIcons(other, 'apps', 'apps', 10, noFace)),
    ];
    await app.openFolder(other);
    await expect(page.getByRole('region', { name: UI.data.summary })).toContainText(`${more.length} images`, {
      timeout: 60_000,
    });
    await openTab(page, UI.tabs.explore);
    await expect(scatter).toHaveAttribute('data-point-count', String(more.length), { timeout: 60_000 });
    await search.fill('face-');
    await search.press('Enter');
    await expect(status).toHaveText('No file name contains “face-”.');
    await search.fill('apps/');
    await search.press('Enter');
    await expect(status).toHaveText(`10 selected: files matching “apps/”`);
    // From the keyboard this time: the scatter's cursor opens a point.
    await page.getByLabel(UI.explore.scatterKeys).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(tooltip).toContainText(/#\d+ · (actions|apps)/);
    // The tooltip names one of the new folder's files (names of the first folder would be stale).
    const newFileShown = async (): Promise<boolean> => {
      const text = (await tooltip.textContent()) ?? '';
      return more.some((f) => text.includes(f));
    };
    await expect.poll(newFileShown).toBe(true);
  });

  expect(app.pageErrors).toEqual([]);
});
