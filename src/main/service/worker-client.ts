// The main-thread end of the worker protocol: starts the training worker, numbers requests, matches
// responses, and turns a crash (uncaught error or unexpected exit) into WORKER_CRASHED for every
// pending request.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ContractError } from '../../shared/contract.js';
import { deserialiseError, isResponse, type WorkerMessage, type WorkerRequest } from '../worker/protocol.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type RequestBody = DistributiveOmit<WorkerRequest, 'id'>;
export type NonResponse = Exclude<WorkerMessage, { id: number }>;

/**
 * Where the worker's code is. Built code: training-worker.js next to the bundle (out/main/).
 * Source (tsx, vitest): src/main/worker/training-worker.ts.
 */
export function resolveWorkerEntry(explicit?: string | URL): URL {
  if (explicit !== undefined) return explicit instanceof URL ? explicit : pathToFileURL(explicit);
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return pathToFileURL(join(dirname(here), '..', 'worker', 'training-worker.ts'));
  // The bundler may place this code in a chunk one level below the entries.
  const candidates = [join(dirname(here), 'training-worker.js'), join(dirname(here), '..', 'training-worker.js')];
  const bundled = candidates.find((c) => existsSync(c));
  if (!bundled) throw new ContractError('INTERNAL', `The training worker is missing next to ${here}. Rebuild the app.`);
  return pathToFileURL(bundled);
}

/**
 * Starts a Worker on `entry`. A .ts entry is started through a tiny ESM bootstrap that registers
 * tsx's loader first: on Node 20, execArgv ['--import', 'tsx'] does not apply the loader to a
 * worker's own entry file (ERR_UNKNOWN_FILE_EXTENSION), and a bare 'tsx' specifier would resolve
 * from the cwd, not from this package.
 */
export function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(
    join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
  ).href;
  const code = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
}

export class WorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private ended = false;
  private closing = false;

  constructor(
    entry: URL,
    private readonly onMessage: (m: NonResponse) => void,
    private readonly onCrash: (reason: string) => void,
  ) {
    this.worker = startWorker(entry);
    this.worker.on('message', (m: WorkerMessage) => this.receive(m));
    this.worker.on('error', (e) => this.crashed(`it threw: ${e?.message ?? String(e)}`));
    this.worker.on('exit', (code) => this.crashed(`it exited with code ${code}`));
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** Sends a request. Arguments are copied (structured clone), never transferred: callers keep them. */
  request(body: RequestBody): Promise<unknown> {
    if (this.ended)
      return Promise.reject(new ContractError('WORKER_CRASHED', 'The background worker is not running. Try again.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.closing = true;
    this.rejectAll(new ContractError('CANCELLED', 'The service was closed.'));
    await this.worker.terminate();
    this.ended = true;
  }

  private receive(m: WorkerMessage): void {
    if (isResponse(m)) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(deserialiseError(m.error));
      return;
    }
    this.onMessage(m);
  }

  private crashed(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.closing) return;
    this.rejectAll(
      new ContractError(
        'WORKER_CRASHED',
        `The background worker stopped unexpectedly (${reason}). It is being restarted with your dataset and last checkpoint; try again.`,
      ),
    );
    // An 'error' is followed by 'exit': make sure the thread is gone before a new one starts.
    void this.worker.terminate();
    this.onCrash(reason);
  }

  private rejectAll(error: ContractError): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
