#!/usr/bin/env node
// `npm start`: runs the built launcher (out/main/start.js; `npm install` builds it in its prepare
// step). It opens the desktop app, or the browser host where Electron cannot run (and says why).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../out/main/start.js', import.meta.url);
if (!existsSync(built)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(
    `latent-explorer: the app is not built: run \`npm run build\` in ${root}, then \`npm start\`.\n`,
  );
  process.exit(1);
}
const { start } = await import(built.href);
process.exit(await start(process.argv.slice(2)));
