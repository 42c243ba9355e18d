// Issue 12: zoomed in far enough, the scatter draws each nearby point's own image (the dataset's real
// digit) in place of its dot; zoomed out again, dots. Checked on the canvas pixels against the digit
// read straight from the built-in MNIST files.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openBuiltinMnist, openTab, trainShortRun } from './support/journeys';
import { REPO_ROOT } from './support/web-host';

interface Shown {
  indices: number[];
  sizes: number[];
}
type HookWindow = Window & {
  __latentExplorer: {
    scatterThumbnails(): Shown | null;
    scatterScreenPoint(i: number): { x: number; y: number } | null;
  };
};
const thumbnails = (page: Page) =>
  page.evaluate(() => (window as unknown as HookWindow).__latentExplorer.scatterThumbnails());
const screenPoint = (page: Page, i: number) =>
  page.evaluate((i) => (window as unknown as HookWindow).__latentExplorer.scatterScreenPoint(i), i);

/** Image `index` of the built-in MNIST as the app numbers them: the train file's images, then t10k's. */
async function mnistDigit(index: number): Promise<Uint8Array> {
  const read = async (name: string) => gunzipSync(await readFile(join(REPO_ROOT, 'resources', 'mnist', name)));
  const train = await read('train-images-idx3-ubyte.gz');
  const trainN = train.readUInt32BE(4);
  const [file, k] = index < trainN ? [train, index] : [await read('t10k-images-idx3-ubyte.gz'), index - trainN];
  return file.subarray(16 + k * 784, 16 + (k + 1) * 784);
}

/** Pearson correlation of two equally long grey-level arrays. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let [sa, sb, saa, sbb, sab] = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    sa += a[i]!;
    sb += b[i]!;
    saa += a[i]! * a[i]!;
    sbb += b[i]! * b[i]!;
    sab += a[i]! * b[i]!;
  }
  const cov = sab / n - (sa / n) * (sb / n);
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2) || 1);
}

/** The canvas's pixels in a `side`-px square centred on page point (x, y), as 28 × 28 grey levels. */
async function squareAt(page: Page, canvas: Locator, x: number, y: number, side: number): Promise<Uint8Array> {
  await page.mouse.move(2, 2);
  const box = (await canvas.boundingBox())!;
  const png = await canvas.screenshot({ animations: 'disabled' });
  const left = Math.round(x - box.x - side / 2);
  const top = Math.round(y - box.y - side / 2);
  const grey = await sharp(png)
    .extract({ left, top, width: Math.round(side), height: Math.round(side) })
    .greyscale()
    .resize(28, 28, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  return blurred(new Uint8Array(grey));
}

/** A 28 × 28 grey image slightly blurred: a one-pixel shift of a thin stroke should not decide a match. */
async function blurred(img: Uint8Array): Promise<Uint8Array> {
  const raw = { width: 28, height: 28, channels: 1 } as const;
  return new Uint8Array(await sharp(Buffer.from(img), { raw }).blur(1).raw().toBuffer());
}

/** Grey levels (r = g = b within 6) brighter than the dark theme's background: digit strokes, not dots. */
async function brightGreyPixels(canvas: Locator): Promise<number> {
  const png = await canvas.screenshot({ animations: 'disabled' });
  const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < data.length; i += 3) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) <= 6 && r > 140) n++;
  }
  return n;
}

test('zooming in draws the points as their own digits; zooming out brings the dots back', async ({ app }) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1, latent: 8 });
  await openTab(page, UI.tabs.explore);
  const scatter = page.getByRole('img', { name: UI.explore.scatter });
  const canvas = scatter.locator('canvas');
  await expect(scatter).toHaveAttribute('data-point-count', '10000', { timeout: 60_000 });
  const box = (await canvas.boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

  await test.step('zoomed out: dots only', async () => {
    await page.mouse.move(2, 2);
    await expect.poll(() => thumbnails(page)).toEqual({ indices: [], sizes: [] });
    expect(await brightGreyPixels(canvas)).toBeLessThan(200);
  });

  let wheelSteps = 0;
  const shown = await test.step('wheel in: the nearest points become thumbnails of their digits', async () => {
    let t: Shown | null = null;
    // On until the nearest thumbnail is big enough to compare with its digit.
    for (; wheelSteps < 40 && (t?.sizes.at(-1) ?? 0) < 48; wheelSteps++) {
      await page.mouse.move(centre.x, centre.y);
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(150);
      t = await thumbnails(page);
    }
    expect(t?.indices.length ?? 0).toBeGreaterThan(0);
    // Wait for the camera to settle: the same choice twice.
    await expect
      .poll(async () => {
        const before = JSON.stringify(await thumbnails(page));
        await page.waitForTimeout(400);
        return before === JSON.stringify(await thumbnails(page));
      })
      .toBe(true);
    t = (await thumbnails(page))!;
    expect(t.indices.length).toBeLessThanOrEqual(300);
    expect(Math.min(...t.sizes)).toBeGreaterThanOrEqual(20);
    expect(await brightGreyPixels(canvas)).toBeGreaterThan(1000);
    return t;
  });

  await test.step("the nearest thumbnail shows that point's own MNIST digit", async () => {
    const index = shown.indices.at(-1)!;
    const side = shown.sizes.at(-1)!;
    const p = (await screenPoint(page, index))!;
    expect(p).not.toBeNull();
    const drawn = await squareAt(page, canvas, p.x, p.y, side);
    const digit = await blurred(await mnistDigit(index));
    // Inner 24 × 24: the outer ring holds the thumbnail's label-coloured frame.
    const inner = (img: Uint8Array) =>
      Array.from({ length: 24 * 24 }, (_, k) => img[(2 + Math.floor(k / 24)) * 28 + 2 + (k % 24)]!);
    expect(correlation(inner(drawn), inner(digit))).toBeGreaterThan(0.85);
    // A clearly different digit does not match it: the picture is this point's image, not any digit.
    let other = (index + 1) % 10_000;
    const otherDigit = async () => blurred(await mnistDigit(other));
    while (correlation(inner(digit), inner(await otherDigit())) > 0.3) other = (other + 1) % 10_000;
    expect(correlation(inner(drawn), inner(await otherDigit()))).toBeLessThan(0.5);
  });

  await test.step("hovering a thumbnail's corner shows that point in the tooltip", async () => {
    const index = shown.indices.at(-1)!;
    const half = shown.sizes.at(-1)! / 2;
    const p = (await screenPoint(page, index))!;
    await page.mouse.move(p.x + half - 3, p.y - half + 3);
    await expect(page.getByRole('tooltip')).toContainText(`#${index} `);
  });

  await test.step('wheel out: back to dots', async () => {
    // As far out as in, and a little more (not past the camera's far plane).
    for (let step = 0; step < wheelSteps + 2; step++) {
      await page.mouse.move(centre.x, centre.y);
      await page.mouse.wheel(0, 200);
    }
    await page.mouse.move(2, 2);
    await expect.poll(() => thumbnails(page)).toEqual({ indices: [], sizes: [] });
    await expect.poll(() => brightGreyPixels(canvas)).toBeLessThan(200);
  });
  expect(app.pageErrors).toEqual([]);
});
