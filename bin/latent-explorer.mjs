#!/usr/bin/env node
// The `latent-explorer` command (package.json "bin"): runs src/main/cli/main.ts through tsx, so it
// works straight from a clone after `npm install`, without a build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../src/main/cli/main.ts', import.meta.url).href);
const code = await main(process.argv.slice(2));
// Exit explicitly: a backend's thread pool must not keep a finished command alive. stdout/stderr
// writes are synchronous for files and pipes on POSIX, so exiting now loses no output.
process.exit(code);
