// Journey 6: a folder of the user's own PNG/JPEG files, one sub-folder per label, plus a corrupt
// image and a text file, loads with the right labels and reports the image it could not decode.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openTab, trainShortRun } from './support/journeys';

const SIDE = 32;

/** A real grayscale picture: a filled disc or square of the given radius, white on black. */
function shape(kind: 'circle' | 'square', r: number): Buffer {
  const px = Buffer.alloc(SIDE * SIDE);
  const c = SIDE / 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const inside =
        kind === 'circle' ? (x - c) ** 2 + (y - c) ** 2 <= r * r : Math.abs(x - c) <= r && Math.abs(y - c) <= r;
      px[y * SIDE + x] = inside ? 255 : 0;
    }
  }
  return px;
}

async function writeDataset(root: string): Promise<void> {
  for (const kind of ['circle', 'square'] as const) {
    const dir = join(root, kind);
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < 6; i++) {
      const img = sharp(shape(kind, 4 + i), { raw: { width: SIDE, height: SIDE, channels: 1 } });
      // Both formats the user is likely to have: PNG and JPEG.
      if (i % 2 === 0) await img.png().toFile(join(dir, `${kind}-${i}.png`));
      else await img.jpeg({ quality: 95 }).toFile(join(dir, `${kind}-${i}.jpg`));
    }
  }
  await writeFile(join(root, 'circle', 'broken.png'), Buffer.from('this is not a PNG, just bytes'));
  await writeFile(join(root, 'notes.txt'), 'images of shapes, drawn by the e2e test\n');
}

test('custom folder: labels from sub-folders, corrupt and non-image files reported', async ({ app }) => {
  const { page } = app;
  const root = join(app.inputsDir, 'shapes');
  await writeDataset(root);

  await app.openFolder(root);
  const summary = page.getByRole('region', { name: UI.data.summary });
  await expect(summary).toContainText('12 images', { timeout: 60_000 });
  await expect(summary).toContainText(/2 labels/);
  await expect(page.getByRole('alert')).toHaveCount(0);

  await test.step('the corrupt image is listed as skipped, with its reason', async () => {
    // The data layer reports files it tried and could not use; a text file is not an image at all,
    // so it must simply not be counted (12 images above), listed or not.
    await page.getByRole('button', { name: /^Skipped files \(\d+\)$/ }).click();
    const skipped = page.getByRole('list', { name: UI.data.skippedList }).getByRole('listitem');
    const broken = skipped.filter({ hasText: 'circle/broken.png' });
    await expect(broken).toHaveCount(1);
    // "file — reason": the reason says something a person can act on, not just the name.
    expect(((await broken.textContent()) ?? '').split('—')[1]?.trim().length ?? 0).toBeGreaterThan(5);
    // Nothing good was skipped: every listed file is the corrupt image or the text file.
    const listed = await skipped.allTextContents();
    expect(listed.filter((t) => !/broken\.png|notes\.txt/.test(t))).toEqual([]);
  });

  await test.step('the labels are the sub-folder names', async () => {
    await trainShortRun(page, { images: 0, epochs: 1 });
    await openTab(page, UI.tabs.explore);
    // The label toggles (aria-pressed), all on at first.
    const labels = page.getByRole('list', { name: UI.explore.labels }).getByRole('button', { pressed: true });
    await expect(labels).toHaveCount(2);
    await expect(labels.filter({ hasText: 'circle' })).toHaveCount(1);
    await expect(labels.filter({ hasText: 'square' })).toHaveCount(1);
    await expect(page.getByRole('img', { name: UI.explore.scatter })).toHaveAttribute('data-point-count', '12');
  });
  expect(app.pageErrors).toEqual([]);
});
