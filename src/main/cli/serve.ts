// `latent-explorer serve`: the browser host (src/main/web), loaded only when asked for.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, type ServeCommand } from './args.js';

/** Resolves once the host has been stopped (Ctrl-C / SIGTERM). */
export async function runServeCommand(cmd: ServeCommand): Promise<void> {
  // A root that is not a folder is a mistyped argument (exit 2), caught before anything starts.
  for (const root of cmd.roots) {
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError(`--root ${resolve(root)} is not an existing folder`, 'serve');
    }
  }
  const { runServe } = await import('../web/serve.js');
  await runServe({
    port: cmd.port,
    host: cmd.host,
    ...(cmd.dataDir !== null ? { dataDir: cmd.dataDir } : {}),
    ...(cmd.roots.length > 0 ? { roots: cmd.roots } : {}),
  });
}
