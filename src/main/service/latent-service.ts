// LatentService: the contract (LatentApi) implemented on the training worker. This side validates
// arguments, answers the cheap host calls (app.info, fs.list, job.cancel), throttles progress
// events, fans events out to listeners, and restarts the worker after a crash. Everything that
// touches tfjs, datasets or models runs in the worker. No Electron here.

import pkg from '../../../package.json' with { type: 'json' };
import {
  ContractError,
  toContractError,
  type AppInfo,
  type CallArg,
  type CallName,
  type CallResult,
  type ContractEvents,
  type EventName,
  type LatentApi,
  type TrainState,
  type Unsubscribe,
} from '../../shared/contract.js';
import { validateCallArg } from '../../shared/validate.js';
import type { BackendReport } from '../../shared/contract.js';
import type { RestorableState } from '../worker/protocol.js';
import type { DataDirLock } from './data-dir-lock.js';
import { listDirectory } from './fs-list.js';
import { openDataDir, OTHER_FOLDER_HINT } from './open-data-dir.js';
import { Throttle } from './throttle.js';
import { resolveWorkerEntry, WorkerClient, type NonResponse } from './worker-client.js';

export interface LatentServiceOptions {
  /** Models (dataDir/models), checkpoints (dataDir/checkpoints/current) and caches (dataDir/cache). */
  dataDir: string;
  /** Where resources/mnist lives. */
  resourcesDir: string;
  host: AppInfo['host'];
  /** Override of the worker's entry file (tests, unusual bundles). */
  workerEntry?: string | URL;
}

export type LatentService = LatentApi & { close(): Promise<void> };

/** Events that can fire many times a second: at most 20/s per job, the last one always delivered. */
const THROTTLED: ReadonlySet<EventName> = new Set(['train.step', 'job.progress']);
const THROTTLE_MS = 50;

export async function createLatentService(options: LatentServiceOptions): Promise<LatentService> {
  // Checked, locked and cleaned before the worker starts: a second copy on this folder stops here.
  const lock = await openDataDir(options.dataDir, options.host === 'electron' ? null : OTHER_FOLDER_HINT);
  const service = new Service(options);
  service.dataDirLock = lock;
  try {
    await service.start();
  } catch (e) {
    await lock.release();
    throw e;
  }
  return service;
}

/** Test hook: makes the service's worker crash (an uncaught error in the thread), as a real crash would. */
export async function crashWorkerForTest(service: LatentService): Promise<void> {
  if (!(service instanceof Service)) throw new Error('Not a LatentService created by createLatentService.');
  await service.crashWorker();
}

/** Test hook: the number of live tensors in the worker. */
export async function workerTensorsForTest(service: LatentService): Promise<number> {
  if (!(service instanceof Service)) throw new Error('Not a LatentService created by createLatentService.');
  return (await service.debugRequest({ type: 'debug.tensors' })) as number;
}

class Service implements LatentService {
  private readonly entry: URL;
  private client!: WorkerClient;
  /** Resolves when the current worker is initialised (and restored after a crash). */
  private ready: Promise<void> = Promise.resolve();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly throttle = new Throttle(THROTTLE_MS);
  private restorable: RestorableState = { dataset: null, modelDir: null, modelId: null };
  private trainState: TrainState = 'idle';
  /** Crashes since the last successful start: a worker that cannot start is not restarted forever. */
  private failedStarts = 0;
  private startError: ContractError | null = null;
  private closed = false;
  /** Released when the service closes. */
  dataDirLock: DataDirLock | null = null;

  constructor(private readonly options: LatentServiceOptions) {
    this.entry = resolveWorkerEntry(options.workerEntry);
  }

  async start(): Promise<void> {
    this.spawn(null);
    await this.ready;
    if (this.startError) {
      await this.client.close();
      throw this.startError;
    }
  }

  call<K extends CallName>(name: K, arg: CallArg<K>): Promise<CallResult<K>> {
    return this.dispatch(name, arg) as Promise<CallResult<K>>;
  }

  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: never) => void;
    set.add(l);
    return () => void set.delete(l);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.throttle.clear();
    try {
      await this.client.close();
    } finally {
      await this.dataDirLock?.release();
    }
  }

  async crashWorker(): Promise<void> {
    // The crash may overtake the reply to this request: WORKER_CRASHED is the expected outcome too.
    await this.request({ type: 'debug.crash' }).catch((e: unknown) => {
      if (toContractError(e).code !== 'WORKER_CRASHED') throw e;
    });
  }

  debugRequest(body: { type: 'debug.tensors' }): Promise<unknown> {
    return this.request(body);
  }

  private async dispatch(name: CallName, rawArg: unknown): Promise<unknown> {
    if (this.closed) throw new ContractError('INTERNAL', 'The service is closed.');
    const arg = validateCallArg(name, rawArg);
    switch (name) {
      case 'fs.list':
        return listDirectory((arg as CallArg<'fs.list'>).path);
      case 'app.info':
        return this.appInfo();
      case 'job.cancel':
        await this.request({ type: 'cancel', jobId: (arg as CallArg<'job.cancel'>).jobId });
        return undefined;
    }
    const jobId = (arg as { jobId?: string } | undefined)?.jobId;
    try {
      return await this.request({ type: 'call', name, arg } as Parameters<WorkerClient['request']>[0]);
    } finally {
      // Progress of a finished job: deliver its last throttled events before the caller sees the end.
      if (jobId !== undefined) for (const e of THROTTLED) this.throttle.flush(`${e}:${jobId}`);
    }
  }

  private async appInfo(): Promise<AppInfo> {
    const backend = (await this.request({ type: 'backend' })) as BackendReport;
    return { version: pkg.version, host: this.options.host, backend, dataDir: this.options.dataDir };
  }

  private async request(body: Parameters<WorkerClient['request']>[0]): Promise<unknown> {
    await this.ready;
    try {
      return await this.client.request(body);
    } catch (e) {
      throw toContractError(e);
    }
  }

  /** Starts a worker; after a crash, `restore` brings back the dataset and the checkpointed model. */
  private spawn(restore: RestorableState | null): void {
    const client = new WorkerClient(
      this.entry,
      (m) => this.onWorkerMessage(m),
      (reason) => this.onCrash(reason),
    );
    this.client = client;
    const init = { dataDir: this.options.dataDir, resourcesDir: this.options.resourcesDir };
    this.ready = (async () => {
      await client.request({ type: 'init', init });
      this.failedStarts = 0;
      this.startError = null;
      if (restore && (restore.dataset || restore.modelDir)) await client.request({ type: 'restore', state: restore });
    })().catch((e: unknown) => {
      // Calls then fail with WORKER_CRASHED from the dead client.
      this.startError = new ContractError(
        'WORKER_CRASHED',
        `The background worker could not start: ${toContractError(e).message}`,
      );
    });
  }

  private onCrash(reason: string): void {
    console.error(`[latent-service] worker crashed (${reason}); restarting.`);
    if (this.closed) return;
    if (++this.failedStarts > 2) {
      console.error('[latent-service] the worker keeps crashing at start; not restarting it again.');
      return;
    }
    if (this.trainState !== 'idle')
      this.onWorkerMessage({ type: 'event', name: 'train.state', payload: { state: 'idle' } });
    this.spawn(this.restorable);
  }

  private onWorkerMessage(m: NonResponse): void {
    if (m.type === 'state') {
      this.restorable = m.state;
      return;
    }
    if (m.type === 'log') {
      const log = m.level === 'error' ? console.error : m.level === 'warn' ? console.warn : console.info;
      log(`[training-worker] ${m.message}`);
      return;
    }
    if (m.name === 'train.state') this.trainState = m.payload.state;
    const emit = (): void => this.emit(m.name, m.payload);
    if (THROTTLED.has(m.name)) this.throttle.push(`${m.name}:${(m.payload as { jobId: string }).jobId}`, emit);
    else emit();
  }

  private emit(name: EventName, payload: unknown): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const l of [...set]) {
      try {
        (l as (p: unknown) => void)(payload);
      } catch (e) {
        console.error(`[latent-service] a '${name}' listener threw: ${(e as Error)?.message ?? String(e)}`);
      }
    }
  }
}
