// `latent-explorer serve`: the browser host (src/main/web), loaded only when asked for.
import type { ServeCommand } from './args.js';

/** Resolves once the host has been stopped (Ctrl-C / SIGTERM). */
export async function runServeCommand(cmd: ServeCommand): Promise<void> {
  const { runServe } = await import('../web/serve.js');
  await runServe({
    port: cmd.port,
    host: cmd.host,
    ...(cmd.dataDir !== null ? { dataDir: cmd.dataDir } : {}),
    ...(cmd.roots.length > 0 ? { roots: cmd.roots } : {}),
  });
}
