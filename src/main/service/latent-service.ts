// LatentService: the contract (LatentApi) implemented on the engine process. This side validates
// arguments, answers the cheap host calls (app.info, fs.list, job.cancel), throttles progress
// events, fans events out to listeners, and starts the engine process lazily (first call that needs
// it) and again after it dies. Everything that touches tfjs, datasets or models runs in the engine.
// No Electron here: the shell hands in how to spawn the engine (engine-transport.ts).

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
import type { HostCallName, RestorableState } from '../worker/protocol.js';
import type { DataDirLock } from './data-dir-lock.js';
import { describeExit } from './engine-exit.js';
import { ENGINE_MEMORY_ENV, parseEngineMemory } from './engine-memory.js';
import type { EngineExit, SpawnEngine } from './engine-transport.js';
import { forkEngine } from './fork-engine.js';
import { listDirectory } from './fs-list.js';
import { openDataDir, OTHER_FOLDER_HINT } from './open-data-dir.js';
import { Throttle } from './throttle.js';
import { EngineClient, type NonResponse } from './worker-client.js';

export interface LatentServiceOptions {
  /** Models (dataDir/models), checkpoints (dataDir/checkpoints/current) and caches (dataDir/cache). */
  dataDir: string;
  /** Where resources/mnist lives. */
  resourcesDir: string;
  host: AppInfo['host'];
  /** How to start the engine process. Default: a forked Node process (fork-engine.ts). */
  spawnEngine?: SpawnEngine;
  /** JavaScript heap limit of the engine in MB. Default: $LATENT_EXPLORER_ENGINE_MEMORY_MB, else Node's. */
  engineMemoryMb?: number | null;
  /** Lets tests ask the engine for debug.* answers (leak checks). Never set by a packaged app or `serve`. */
  testHooks?: boolean;
}

export type LatentService = LatentApi & { close(): Promise<void> };

/** Events that can fire many times a second: at most 20/s per job, the last one always delivered. */
const THROTTLED: ReadonlySet<EventName> = new Set(['train.step', 'job.progress']);
const THROTTLE_MS = 50;

type Route<K extends CallName> = (arg: CallArg<K>) => Promise<CallResult<K>>;
type Routes = { [K in CallName]: Route<K> };

/** Creates the service; the engine process starts with the first call that needs it. */
export async function createLatentService(options: LatentServiceOptions): Promise<LatentService> {
  // Checked, locked and cleaned before the engine starts: a second copy on this folder stops here.
  const lock = await openDataDir(options.dataDir, options.host === 'electron' ? null : OTHER_FOLDER_HINT);
  try {
    const service = new Service(options);
    service.dataDirLock = lock;
    return service;
  } catch (e) {
    await lock.release();
    throw e;
  }
}

/** Test hook (service created with testHooks): the number of live tensors in the engine. */
export async function workerTensorsForTest(service: LatentService): Promise<number> {
  if (!(service instanceof Service)) throw new Error('Not a LatentService created by createLatentService.');
  return service.engineTensors();
}

/** Test hook (service created with testHooks): the engine allocates JS heap until its limit ends it. */
export async function exhaustEngineHeapForTest(service: LatentService): Promise<void> {
  if (!(service instanceof Service)) throw new Error('Not a LatentService created by createLatentService.');
  await service.exhaustEngineHeap();
}

/** An engine that is started (or starting), with what it takes to wait for it. */
interface Engine {
  readonly client: EngineClient;
  /** Resolves when initialised (and restored after a crash); rejects with WORKER_CRASHED. */
  ready: Promise<void>;
  /**
   * Started and restored: a death after this is a crash worth a restart. One that dies before (while
   * starting or reloading) is not restarted at once, so a dataset that kills the engine cannot loop.
   */
  up: boolean;
  /** What the restore after a crash brought back. */
  restored: { dataset: boolean; model: boolean };
}

class Service implements LatentService {
  private readonly spawnEngine: SpawnEngine;
  private readonly memoryLimitMb: number | null;
  private engine: Engine | null = null;
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly throttle = new Throttle(THROTTLE_MS);
  private restorable: RestorableState = { dataset: null, modelDir: null, modelId: null, epochs: 0 };
  private trainState: TrainState = 'idle';
  private crashes = 0;
  private closed = false;
  /** Released when the service closes. */
  dataDirLock: DataDirLock | null = null;
  /** Calls the service answers itself (complete for HOST_CALLS by type); every other call goes to the engine. */
  private readonly hostRoutes: { [K in HostCallName]: Route<K> } = {
    'app.info': () => this.appInfo(),
    'fs.list': (arg) => listDirectory(arg.path),
    'job.cancel': async (arg) => {
      await (await this.started()).client.control({ type: 'cancel', jobId: arg.jobId });
    },
  };
  private readonly routes: Partial<Routes> = this.hostRoutes;

  constructor(private readonly options: LatentServiceOptions) {
    this.spawnEngine = options.spawnEngine ?? forkEngine();
    this.memoryLimitMb =
      options.engineMemoryMb !== undefined ? options.engineMemoryMb : parseEngineMemory(process.env[ENGINE_MEMORY_ENV]);
  }

  async call<K extends CallName>(name: K, rawArg: CallArg<K>): Promise<CallResult<K>> {
    if (this.closed) throw new ContractError('INTERNAL', 'The service is closed.');
    const arg = validateCallArg(name, rawArg);
    const host = this.routes[name];
    if (host) return host(arg);
    const jobId = jobIdOf(arg);
    try {
      const engine = await this.started();
      return await engine.client.call(name, arg);
    } catch (e) {
      throw toContractError(e);
    } finally {
      // Progress of a finished job: deliver its last throttled events before the caller sees the end.
      if (jobId !== undefined) for (const e of THROTTLED) this.throttle.flush(`${e}:${jobId}`);
    }
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
    const engine = this.engine;
    this.engine = null;
    try {
      await engine?.client.close();
    } finally {
      await this.dataDirLock?.release();
    }
  }

  async engineTensors(): Promise<number> {
    return (await this.started()).client.control({ type: 'debug.tensors' });
  }

  async exhaustEngineHeap(): Promise<void> {
    await (await this.started()).client.control({ type: 'debug.exhaustHeap' });
  }

  private async appInfo(): Promise<AppInfo> {
    const engine = await this.started();
    const backend = await engine.client.control({ type: 'backend' });
    return {
      version: pkg.version,
      host: this.options.host,
      backend,
      dataDir: this.options.dataDir,
      engine: {
        pid: engine.client.alive ? engine.client.pid : null,
        memoryLimitMb: this.memoryLimitMb,
        crashes: this.crashes,
      },
      testHooks: this.options.testHooks === true,
    };
  }

  /** The running engine, started now if there is none (first use, or after it could not restart). */
  private async started(): Promise<Engine> {
    if (this.closed) throw new ContractError('INTERNAL', 'The service is closed.');
    if (!this.engine || !this.engine.client.alive) {
      // A fresh, empty engine (first use, or after a restart failed): what the UI shows must say so.
      if (this.engine) this.forgetState();
      this.engine = this.spawn(null);
    }
    const engine = this.engine;
    await engine.ready;
    return engine;
  }

  private forgetState(): void {
    const had = this.restorable;
    this.restorable = { dataset: null, modelDir: null, modelId: null, epochs: 0 };
    if (had.dataset) this.emit('dataset.changed', null);
    if (had.modelDir || had.modelId) this.emit('model.changed', null);
  }

  /** Starts an engine process; `restore` brings back the dataset and the checkpointed model. */
  private spawn(restore: RestorableState | null): Engine {
    const engine: Engine = {
      client: new EngineClient(
        this.spawnEngine,
        { memoryLimitMb: this.memoryLimitMb },
        (m) => this.onWorkerMessage(m),
        (exit) => this.onDeath(engine, exit),
      ),
      up: false,
      restored: { dataset: false, model: false },
      ready: Promise.resolve(),
    };
    const { client } = engine;
    const init = {
      dataDir: this.options.dataDir,
      resourcesDir: this.options.resourcesDir,
      testHooks: this.options.testHooks === true,
    };
    engine.ready = (async () => {
      try {
        await client.control({ type: 'init', init });
      } catch (e) {
        throw new ContractError('WORKER_CRASHED', `The engine could not start: ${toContractError(e).message}`);
      }
      console.error(`[latent-service] engine process started (pid ${client.pid ?? 'unknown'})`);
      if (restore && (restore.dataset || restore.modelDir)) {
        // The engine logs and skips each part that cannot come back; only its death here is fatal.
        try {
          engine.restored = await client.control({ type: 'restore', state: restore });
        } catch (e) {
          if (client.alive) throw e;
          throw new ContractError(
            'WORKER_CRASHED',
            `it stopped again while reloading the dataset and the last checkpoint (${toContractError(e).message})`,
          );
        }
      }
      engine.up = true;
    })();
    engine.ready.catch(() => {});
    return engine;
  }

  /**
   * The engine died unasked. One that had started is restarted at once with the dataset and the
   * last checkpoint, and the calls that were waiting fail only then, saying what happened and what
   * was kept. One that died while starting is not restarted in a loop: the next call tries again.
   */
  private onDeath(dead: Engine, exit: EngineExit): void {
    const reason = describeExit(exit, this.memoryLimitMb);
    console.error(`[latent-service] the engine stopped unexpectedly: ${reason}`);
    const fail = (message: string): void => dead.client.rejectAll(new ContractError('WORKER_CRASHED', message));
    if (this.closed || this.engine !== dead || !dead.up) {
      fail(`The engine stopped unexpectedly: ${reason}.`);
      return;
    }
    this.crashes++;
    if (this.trainState !== 'idle')
      this.onWorkerMessage({ type: 'event', name: 'train.state', payload: { state: 'idle' } });
    const restore = this.restorable;
    const fresh = this.spawn(restore);
    this.engine = fresh;
    fresh.ready.then(
      () => {
        // What did not come back is gone from the engine: the UI must not keep showing it.
        if (!fresh.restored.dataset) this.emit('dataset.changed', null);
        if (!fresh.restored.model) this.emit('model.changed', null);
        const message = crashMessage(reason, restore, fresh.restored);
        // Said to every page, also when no call was waiting (a crash while idle).
        this.emit('engine.restarted', { message });
        fail(message);
      },
      (e: unknown) =>
        fail(
          `The engine stopped unexpectedly: ${reason}; it could not be restarted (${toContractError(e).message}). ` +
            'It will be started again at your next action.',
        ),
    );
  }

  private onWorkerMessage(m: NonResponse): void {
    if (m.type === 'state') {
      this.restorable = m.state;
      return;
    }
    if (m.type === 'log') {
      const log = m.level === 'error' ? console.error : m.level === 'warn' ? console.warn : console.info;
      log(`[engine] ${m.message}`);
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

function jobIdOf(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null || !('jobId' in arg)) return undefined;
  return typeof arg.jobId === 'string' ? arg.jobId : undefined;
}

/** "The engine stopped unexpectedly: …; it was restarted …; the last checkpoint from epoch N is kept." */
export function crashMessage(
  reason: string,
  before: RestorableState,
  restored: { dataset: boolean; model: boolean },
): string {
  const parts = [`The engine stopped unexpectedly: ${reason}; it was restarted`];
  if (before.dataset)
    parts[0] += restored.dataset ? ' and the dataset reloaded' : ', but the dataset could not be reloaded';
  if (!before.modelDir) parts.push('no checkpoint had been written yet');
  else if (!restored.model) parts.push('the last checkpoint could not be reopened (see the log)');
  else if (before.modelId === null) parts.push(`the last checkpoint from epoch ${before.epochs} is kept and open`);
  else parts.push(`the model you had open (${before.epochs} epochs) is open again`);
  return `${parts.join('; ')}.`;
}
