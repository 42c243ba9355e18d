// Steps that several journeys share, written as a user performs them (tabs, fields, buttons) and
// checked by what the user sees. Pixel reads go through element screenshots decoded with sharp, so
// they hold whether the UI draws an image into a <canvas> or an <img>.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, type Locator, type Page } from '@playwright/test';
import { UI } from '../../src/renderer/ui-names';
import { REPO_ROOT } from './web-host';

export async function openTab(page: Page, name: string): Promise<void> {
  // Not exact: a tab's name also holds its keyboard-shortcut hint ("Data 1").
  const tab = page.getByRole('tab', { name });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Clicks "MNIST (built-in)" and waits for the summary; returns the image count it shows. */
export async function openBuiltinMnist(page: Page): Promise<number> {
  await openTab(page, UI.tabs.data);
  await page.getByRole('button', { name: UI.data.mnist }).click();
  const summary = page.getByRole('region', { name: UI.data.summary });
  await expect(summary).toContainText('10,000 images', { timeout: 60_000 });
  return datasetCount(page);
}

/** The image count the Data panel's summary shows ("10,000 images"). */
export async function datasetCount(page: Page): Promise<number> {
  const text = (await page.getByRole('region', { name: UI.data.summary }).textContent()) ?? '';
  const m = /([\d,]+)\s+images/.exec(text);
  if (!m) throw new Error(`The dataset summary shows no image count: "${text}"`);
  return Number(m[1]!.replace(/,/g, ''));
}

export interface ShortRun {
  /** "Training images" (0 = all). */
  images: number;
  epochs: number;
  latent?: number;
  seed?: number;
}

async function setNumber(page: Page, name: string, value: number): Promise<void> {
  const field = page.getByRole('spinbutton', { name, exact: true });
  await field.fill(String(value));
  await field.press('Tab');
  await expect(field).toHaveValue(String(value));
}

/** Fills the Train panel's fields for a short run and presses Train (does not wait for the end). */
export async function startTraining(page: Page, run: ShortRun): Promise<void> {
  await openTab(page, UI.tabs.train);
  await setNumber(page, UI.train.limit, run.images);
  await setNumber(page, UI.train.epochs, run.epochs);
  if (run.latent !== undefined) await setNumber(page, UI.train.latent, run.latent);
  if (run.seed !== undefined) await setNumber(page, UI.train.seed, run.seed);
  await page.getByRole('button', { name: UI.train.train, exact: true }).click();
}

/** Waits until a run has ended: one test-ELBO point per epoch, and Train can be pressed again. */
export async function waitForTrainingEnd(page: Page, epochs: number): Promise<void> {
  await expect(page.getByRole('figure', { name: UI.train.elboChart })).toHaveAttribute('data-points', String(epochs), {
    timeout: 180_000,
  });
  await expect(page.getByRole('button', { name: UI.train.train, exact: true })).toBeEnabled({ timeout: 60_000 });
}

export async function trainShortRun(page: Page, run: ShortRun): Promise<void> {
  await startTraining(page, run);
  await waitForTrainingEnd(page, run.epochs);
}

/** Raw RGBA pixels of what an element shows on screen. */
export async function pixelsOf(locator: Locator): Promise<Buffer> {
  await expect(locator).toBeVisible();
  const png = await locator.screenshot({ animations: 'disabled', caret: 'hide' });
  return sharp(png).ensureAlpha().raw().toBuffer();
}

/** Standard deviation of the grey levels: ~0 for a blank or flat placeholder, large for digits. */
export function contrast(rgba: Buffer): number {
  let sum = 0;
  let sq = 0;
  const n = rgba.length / 4;
  for (let i = 0; i < rgba.length; i += 4) {
    const g = (rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3;
    sum += g;
    sq += g * g;
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
}

/** The numbers a spinbutton holds. */
export async function numberIn(page: Page, name: string): Promise<number> {
  return Number(await page.getByRole('spinbutton', { name, exact: true }).inputValue());
}

export async function setSpin(page: Page, name: string, value: number): Promise<void> {
  await setNumber(page, name, value);
}

/** Moves the "Interpolation" slider with the keyboard to t (0..1) as a user would, and checks it. */
export async function setInterpolation(page: Page, t: number): Promise<void> {
  const slider = page.getByRole('slider', { name: UI.explore.interpolation });
  await slider.focus();
  await slider.press('Home');
  const step = Number((await slider.getAttribute('step')) ?? '0.01') || 0.01;
  const presses = Math.round(t / step);
  for (let i = 0; i < presses; i++) await slider.press('ArrowRight');
  await expect.poll(async () => Number(await slider.inputValue())).toBeCloseTo(t, 5);
}

/** The UI's read-only test hook (docs/ui-names.md); typed here so the specs do not depend on its source. */
export interface ScatterHook {
  scatterScreenPoint(index: number): { x: number; y: number } | null;
  scatterFps(): number;
  pointCount(): number;
  /** ScatterView instances constructed and not disposed. */
  scatterViews(): number;
  /** The live scatter renderer's GPU geometries and textures; null without a scatter. */
  glResources(): { geometries: number; textures: number } | null;
}
type HookWindow = Window & { __latentExplorer: ScatterHook };

/**
 * The `want` points that stand most alone on screen (largest gap, in px, to their nearest other
 * point), so hovering or clicking their screen position picks them and not a neighbour drawn on top.
 */
export async function isolatedPoints(page: Page, want: number): Promise<{ index: number; gap: number }[]> {
  return page.evaluate((want) => {
    const hook = (window as unknown as HookWindow).__latentExplorer;
    const n = hook.pointCount();
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    const on = new Uint8Array(n);
    const { innerWidth: w, innerHeight: h } = window;
    for (let i = 0; i < n; i++) {
      const p = hook.scatterScreenPoint(i);
      if (!p) continue;
      xs[i] = p.x;
      ys[i] = p.y;
      on[i] = p.x > 20 && p.y > 20 && p.x < w - 20 && p.y < h - 20 ? 1 : 0;
    }
    const gaps: { index: number; gap: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (!on[i]) continue;
      let gap = Infinity;
      for (let j = 0; j < n && gap > 0; j++) {
        if (j === i) continue;
        const d = Math.max(Math.abs(xs[j]! - xs[i]!), Math.abs(ys[j]! - ys[i]!));
        if (d < gap) gap = d;
      }
      gaps.push({ index: i, gap });
    }
    return gaps.sort((a, b) => b.gap - a.gap).slice(0, want);
  }, want);
}

export async function screenPointOf(page: Page, index: number): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((i) => (window as unknown as HookWindow).__latentExplorer.scatterScreenPoint(i), index);
  if (!p) throw new Error(`Point ${index} is not on screen`);
  return p;
}

/** README screenshots come from real runs; written only when SCREENSHOTS=1 (CI leaves docs/ alone). */
export async function readmeScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = join(REPO_ROOT, 'docs', 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), animations: 'disabled' });
}
