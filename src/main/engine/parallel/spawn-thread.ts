// Starts a helper thread on replica-thread's code, from source (tsx, vitest) or from the build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { ContractError } from '../../../shared/contract.js';

/**
 * Source: replica-thread.ts next to this file. Built: replica-thread.js, an entry of its own in
 * electron.vite.config.ts, next to the bundle that holds this code or one level above its chunk.
 */
function replicaEntry(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return pathToFileURL(join(dirname(here), 'replica-thread.ts'));
  const candidates = [join(dirname(here), 'replica-thread.js'), join(dirname(here), '..', 'replica-thread.js')];
  const built = candidates.find((c) => existsSync(c));
  if (!built)
    throw new ContractError(
      'INTERNAL',
      `The training thread's code (replica-thread.js) is missing next to ${here}. Rebuild the app, or train with 1 thread.`,
    );
  return pathToFileURL(built);
}

/**
 * Starts a Worker on `entry`. A .ts entry starts through a tiny ESM bootstrap that registers tsx's
 * loader first: on Node 20, execArgv ['--import', 'tsx'] does not reach a worker's own entry file,
 * and a bare 'tsx' specifier would resolve from the cwd rather than from this package.
 */
export function startThread(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(
    join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
  ).href;
  const code = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
}

export function spawnReplicaThread(options: WorkerOptions): Worker {
  return startThread(replicaEntry(), options);
}
