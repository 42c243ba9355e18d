// Which Chromium the `web` project drives: CHROMIUM_PATH, else Playwright's own browser where one is
// installed, else Debian's /usr/bin/chromium (Playwright's browsers cannot be downloaded here).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
  // Chromium refuses to run as root (CI) with its sandbox.
  '--no-sandbox',
  // Without these it tries the network at every start.
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export function chromiumExecutable(): string | undefined {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return explicit;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return undefined; // let Playwright use its own build
  } catch {
    // Playwright knows no browser for this platform: fall through to the system one.
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}
