// One suite (e2e/), two projects: `web` drives the browser host in Chromium (runs everywhere);
// `electron` launches the built app where an Electron binary exists and otherwise skips every spec
// with the reason (see e2e/fixtures.ts and e2e/support/skip-reasons-reporter.ts).
import { defineConfig } from '@playwright/test';
import type { Transport } from './e2e/fixtures';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/support/chromium-path';

const ci = !!process.env.CI;

export default defineConfig<{ transport: Transport }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Each spec trains a real (tiny) model in its own host process: with 2 cores, one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: ci,
  retries: 0,
  timeout: 240_000,
  // The whole CI run must stay under 20 minutes; the e2e part gets at most 14.
  globalTimeout: ci ? 14 * 60_000 : 0,
  expect: { timeout: 20_000 },
  outputDir: 'test-results',
  reporter: [
    [ci ? 'list' : 'line'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    ['./e2e/support/skip-reasons-reporter.ts'],
  ],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    actionTimeout: 20_000,
    browserName: 'chromium',
    // Both projects: the `app` fixture builds on Playwright's `page`, so an electron test still
    // opens (and ignores) a Chromium page.
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
  },
  projects: [
    {
      name: 'web',
      use: { transport: 'web' },
    },
    {
      name: 'electron',
      use: { transport: 'electron' },
    },
  ],
});
