#!/usr/bin/env node
// The `latent-explorer` command (package.json "bin"): runs the built CLI, out/main/cli.js, which
// `npm install` builds in its prepare step (`npm run build` rebuilds it). No TypeScript at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(built)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`latent-explorer: the command is not built: run \`npm run build\` in ${root}.\n`);
  process.exit(1);
}
const { main } = await import(built.href);
const code = await main(process.argv.slice(2));
// Exit explicitly: a backend's thread pool must not keep a finished command alive. stdout/stderr
// writes are synchronous for files and pipes on POSIX, so exiting now loses no output.
process.exit(code);
