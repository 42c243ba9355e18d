// The one build (electron-vite, out/main): every program the package runs is there as JavaScript,
// and only the Electron main (index.js) imports electron — the engine, the CLI and the launcher run
// under plain Node, where `electron` is not a module.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';

const OUT = join(packageRoot(), 'out', 'main');
const IMPORTS_ELECTRON =
  /\bfrom\s+["']electron["']|\brequire\(\s*["']electron["']\s*\)|\bimport\(\s*["']electron["']\s*\)/;

it('holds the app, engine, CLI and launcher entries, and only index.js imports electron', () => {
  expect(existsSync(OUT), 'build first: npx electron-vite build').toBe(true);
  for (const entry of ['index.js', 'engine.js', 'cli.js', 'start.js']) expect(existsSync(join(OUT, entry))).toBe(true);
  const files = [
    ...readdirSync(OUT).filter((f) => f.endsWith('.js')),
    ...readdirSync(join(OUT, 'chunks')).map((f) => join('chunks', f)),
  ];
  const importers = files.filter((f) => IMPORTS_ELECTRON.test(readFileSync(join(OUT, f), 'utf8')));
  expect(importers).toEqual(['index.js']);
});
