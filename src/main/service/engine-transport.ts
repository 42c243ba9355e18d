// How the service reaches its engine process, whatever starts it: the shell passes a SpawnEngine
// (Electron: utilityProcess, src/main/electron/utility-engine.ts; browser host and tests: a forked
// Node process, fork-engine.ts). The service never imports electron; this interface is the seam.
import type { WorkerMessage, WorkerRequest } from '../worker/protocol.js';

/** How an engine process ended, as facts; engine-exit.ts puts them into words. */
export interface EngineExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** It hit its memory limit (V8's "heap out of memory" on its stderr, or the shell's OOM report). */
  readonly outOfMemory: boolean;
  /** The shell's own word for it (Electron's child-process-gone reason), when it has one. */
  readonly detail?: string;
}

export interface EngineHandlers {
  message(m: WorkerMessage): void;
  /** Called exactly once, when the process has ended for any reason (kill() included). */
  exit(e: EngineExit): void;
}

/** What crosses to the engine: a WorkerRequest; the transport only needs its id and type. */
export type EngineRequestWire = { readonly id: number; readonly type: WorkerRequest['type'] };

export interface EngineProcess {
  readonly pid: number | null;
  post(message: EngineRequestWire): void;
  /** Ends the process; resolves once it has exited (after handlers.exit). */
  kill(): Promise<void>;
}

export interface EngineSpawnOptions {
  /** V8 old-space limit of the engine process in MB; null: Node's default. */
  readonly memoryLimitMb: number | null;
}

export type SpawnEngine = (options: EngineSpawnOptions, handlers: EngineHandlers) => EngineProcess;

/** V8 prints this on stderr just before it aborts at its heap limit. */
export const HEAP_OOM_PATTERN = /JavaScript heap out of memory|Reached heap limit/;
