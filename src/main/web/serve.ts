// `latent-explorer serve`: starts the browser host, prints its one line, stops cleanly on Ctrl-C/SIGTERM.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { NOT_BUILT_MESSAGE, rendererBuilt } from './static-files.js';
import { startWebHost, type WebHost } from './web-host.js';

export interface ServeArgs {
  port?: number;
  host?: string;
  /** Default: the desktop app's own data directory, so both see the same saved models. */
  dataDir?: string;
  /** Folders the browser may list and read; default the home folder (the data directory always). */
  roots?: string[];
  /** Test hooks (e2e): only serve-main.ts passes it; the CLI's `serve` has no such option. */
  testHooks?: boolean;
}

/** The repository / installed package root (holds resources/ and out/renderer/). */
export { packageRoot };

/** Where Electron's app.getPath('userData') points for productName "Latent Explorer". */
export function defaultDataDir(): string {
  const name = 'Latent Explorer';
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
}

/** Starts the host and resolves once it has been stopped by SIGINT/SIGTERM and everything is closed. */
export async function runServe(args: ServeArgs): Promise<void> {
  const root = packageRoot();
  const rendererDir = join(root, 'out', 'renderer');
  if (!rendererBuilt(rendererDir)) process.stderr.write(`latent-explorer: ${NOT_BUILT_MESSAGE}\n`);
  const host: WebHost = await startWebHost({
    port: args.port ?? 0,
    host: args.host ?? '127.0.0.1',
    dataDir: args.dataDir ?? defaultDataDir(),
    resourcesDir: join(root, 'resources'),
    rendererDir,
    ...(args.roots ? { roots: args.roots } : {}),
    testHooks: args.testHooks === true,
  });
  process.stdout.write(`Latent Explorer at ${host.url}\n`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second Ctrl-C: the user does not want to wait.
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      process.stderr.write('latent-explorer: stopping…\n');
      host.close().then(
        () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        },
        (e: unknown) => {
          process.stderr.write(`latent-explorer: error while stopping: ${String(e)}\n`);
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // A service that cannot start (its reason is already on stderr) leaves nothing to serve.
    host.ready.catch(() => {
      process.exitCode = 1;
      stop('SIGTERM');
    });
  });
}
