// Scatter fps: the Explore view with 70,000 points (Fashion-MNIST) in headless Chromium, measured by
// the page itself through the UI's test hook window.__latentExplorer.scatterFps() (docs/ui-names.md),
// against the built renderer served by the web host on the same service the other measurements use.
// Every precondition that is missing is reported as the reason it was skipped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LatentService } from '../src/main/service/index.js';
import { CHROMIUM, FASHION_DIR, hasFashion, ROOT } from './paths.js';
import { percentile, round, skipped, type Skipped } from './stats.js';
import { MOVING_POINT_BUDGET } from '../src/renderer/lib/scatter-budget.js';

export interface ScatterResult {
  points: number;
  fps: number;
  samples: number[];
  method: string;
  /**
   * The same view orbited by a mouse drag from Playwright: every synthetic event is a CDP round trip
   * on the same 2 cores, so this is a floor for what a person's real mouse gets.
   */
  drag_fps: number;
  drag_samples: number[];
  /**
   * The in-page orbit with 1,000,000 synthetic points swapped in (10 Gaussian clusters). While the
   * camera moves, clouds above `moving_budget` points draw that many (an even random sample).
   */
  fps_1m: number;
  samples_1m: number[];
  moving_budget: number;
}

export async function benchScatter(
  service: LatentService,
  dataDir: string,
  modelDir: string | null,
): Promise<ScatterResult | Skipped> {
  const rendererDir = join(ROOT, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) return skipped('the renderer is not built (npm run build)');
  if (!existsSync(CHROMIUM)) return skipped(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  if (!hasFashion())
    return skipped(`no 70k dataset: ${FASHION_DIR} is missing (apt-get install -y dataset-fashion-mnist)`);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    return skipped(`playwright-core cannot be loaded: ${String(e)}`);
  }
  const { startWebHost } = await import('../src/main/web/web-host.js');

  const info = await service.call('dataset.open', {
    source: { kind: 'idx', path: FASHION_DIR },
    jobId: 'bench-fashion',
  });
  if ((await service.call('model.info', undefined)) === null) {
    if (modelDir === null) return skipped('no trained model to show in the Explore view');
    await service.call('model.open', { path: modelDir });
  }
  const host = await startWebHost({ port: 0, dataDir, resourcesDir: join(ROOT, 'resources'), rendererDir, service });
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.goto(host.url);
    await page.getByRole('tab', { name: 'Explore' }).click();
    try {
      await page.waitForFunction(
        (n) =>
          (window as unknown as { __latentExplorer?: { pointCount(): number } }).__latentExplorer?.pointCount() === n,
        info.count,
        { timeout: 180_000 },
      );
    } catch {
      return skipped(`the Explore view did not show ${info.count} points within 3 minutes`);
    }
    // Let the Explore view finish what it loads after the points appear (walk grid, thumbnails, samples):
    // on 2 cores that work competes with the first frames and is not what this number is about.
    await page.waitForTimeout(3000);
    // The view's own rate: the page orbits the camera one step per frame (no input events).
    const orbit: number[] = [];
    for (let run = 0; run < 3; run++) {
      orbit.push(
        await page.evaluate(() =>
          (
            window as unknown as { __latentExplorer: { scatterOrbitFps(ms: number): Promise<number> } }
          ).__latentExplorer.scatterOrbitFps(2000),
        ),
      );
    }
    // The view renders on demand, so it is measured while orbiting: a mouse drag across the canvas,
    // events sent back to back so that rendering, not the event rate, limits the frame rate.
    const box = await page.getByRole('img', { name: 'Latent scatter' }).boundingBox();
    if (!box) return skipped('the img "Latent scatter" has no box on the page');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const r = Math.min(box.width, box.height) / 4;
    const samples: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.mouse.move(cx + r, cy);
      await page.mouse.down();
      const end = performance.now() + 2000;
      // Moves go out 8 at a time without waiting for each: Chromium aligns input to frames, so the
      // queue stays full and the renderer, not the round trip of each event, sets the pace.
      for (let a = 0; performance.now() < end;) {
        const batch: Promise<void>[] = [];
        for (let k = 0; k < 8; k++, a += 0.02) batch.push(page.mouse.move(cx + r * Math.cos(a), cy + r * Math.sin(a)));
        await Promise.all(batch);
      }
      const fps = await page.evaluate(() =>
        (window as unknown as { __latentExplorer: { scatterFps(): number } }).__latentExplorer.scatterFps(),
      );
      await page.mouse.up();
      samples.push(fps);
      await page.waitForTimeout(300);
    }
    const big: number[] = [];
    for (let run = 0; run < 2; run++) {
      big.push(
        await page.evaluate(() =>
          (
            window as unknown as {
              __latentExplorer: { scatterSyntheticOrbitFps(n: number, ms: number): Promise<number> };
            }
          ).__latentExplorer.scatterSyntheticOrbitFps(1_000_000, 2000),
        ),
      );
    }
    return {
      points: info.count,
      fps_1m: round(percentile(big, 50), 1),
      samples_1m: big.map((x) => round(x, 1)),
      moving_budget: MOVING_POINT_BUDGET,
      fps: round(percentile(orbit, 50), 1),
      samples: orbit.map((x) => round(x, 1)),
      method: 'in-page orbit, one camera step per animation frame, 3 runs of 2 s after the view settled, median',
      drag_fps: round(percentile(samples, 50), 1),
      drag_samples: samples.map((x) => round(x, 1)),
    };
  } finally {
    await browser.close();
    await host.close();
  }
}
