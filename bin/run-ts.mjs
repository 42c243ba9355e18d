#!/usr/bin/env node
// Runs a TypeScript entry file with tsx's ESM loader, so scripts need no build step:
//   node bin/run-ts.mjs path/to/script.ts [args...]
// The script sees its own arguments from process.argv[2] on, as if it had been run directly.
import { register } from 'tsx/esm/api';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const script = process.argv[2];
if (!script) {
  process.stderr.write('usage: node bin/run-ts.mjs SCRIPT.ts [args...]\n');
  process.exit(2);
}
process.argv.splice(1, 2, resolve(script));
register();
await import(pathToFileURL(resolve(script)).href);
