// Used by `npm start` (launcher/start.ts) and by the e2e suite.
// Finds the Electron binary without triggering electron's download-on-first-use: require('electron')
// spawns a download (a network call that fails here), so we read node_modules/electron/path.txt
// ourselves, the same way electron's index.js does, and only check that the file exists.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  const explicit = process.env.ELECTRON_PATH;
  if (explicit) {
    return existsSync(explicit)
      ? { found: true, path: explicit }
      : { found: false, reason: `Electron binary not installed: ELECTRON_PATH=${explicit} does not exist` };
  }
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'Electron binary not installed: the electron package is missing' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      found: false,
      reason: `Electron binary not installed: ${pathFile} is missing (electron downloads its binary on first use; run "npx install-electron" on a machine with internet)`,
    };
  }
  const rel = readFileSync(pathFile, 'utf-8').trim();
  const distRoot = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist');
  const full = join(distRoot, rel);
  return existsSync(full)
    ? { found: true, path: full }
    : { found: false, reason: `Electron binary not installed: ${full} does not exist` };
}
