// The message protocol between the service and the engine process (Electron utilityProcess, or a
// forked Node process in the browser host). Readonly discriminated unions with request ids, typed per
// request in both directions: CallRequest<K> is answered with CallResult<K>, each control request
// with its ControlResults entry. Errors cross as plain {code, message}; typed arrays cross as typed
// arrays (structured clone), never as number[].

import {
  ContractError,
  toContractError,
  type BackendReport,
  type CallArg,
  type CallName,
  type ContractErrorData,
  type ContractEvents,
  type DatasetSource,
  type EventName,
  type FolderOptions,
} from '../../shared/contract.js';

/** What the worker needs to rebuild its state after a crash: both come back from disk. */
export interface RestorableState {
  readonly dataset: { readonly source: DatasetSource; readonly options?: FolderOptions } | null;
  /** A model directory: the checkpoint of the current model, or the directory it was opened from. */
  readonly modelDir: string | null;
  /** Model-store id of the current model, if it came from (or went to) the store. */
  readonly modelId: string | null;
  /** Epochs in the model's history when modelDir was last written (0 when there is no model). */
  readonly epochs: number;
}

export interface WorkerInit {
  readonly dataDir: string;
  readonly resourcesDir: string;
  /** Serve the debug.* requests (leak checks in tests). Off unless the service was created for tests. */
  readonly testHooks: boolean;
}

/** Calls the service answers itself (no engine needed); every other call is served by the engine. */
export const HOST_CALLS = ['app.info', 'fs.list', 'job.cancel'] as const satisfies readonly CallName[];
export type HostCallName = (typeof HOST_CALLS)[number];
export type EngineCallName = Exclude<CallName, HostCallName>;

export type CallRequestOf<K extends CallName> = {
  readonly id: number;
  readonly type: 'call';
  readonly name: K;
  readonly arg: CallArg<K>;
};
export type CallRequest = { [K in EngineCallName]: CallRequestOf<K> }[EngineCallName];

/** Requests other than contract calls, by type: [fields beyond id and type, result]. */
export interface ControlRequests {
  init: [{ readonly init: WorkerInit }, BackendReport];
  /** The backend in use (selecting 'auto' first if none is yet): for app.info. */
  backend: [object, BackendReport];
  /** Whether a job with that id was running (and is now asked to stop). */
  cancel: [{ readonly jobId: string }, boolean];
  restore: [{ readonly state: RestorableState }, { dataset: boolean; model: boolean }];
  /** Test hook (only with WorkerInit.testHooks): tf.memory().numTensors in the engine. */
  'debug.tensors': [object, number];
  /** Test hook (only with WorkerInit.testHooks): allocates JS heap until the engine's limit is hit. */
  'debug.exhaustHeap': [object, null];
}
export type ControlType = keyof ControlRequests;
export type ControlBody<T extends ControlType> = { readonly type: T } & ControlRequests[T][0];
export type ControlResult<T extends ControlType> = ControlRequests[T][1];
export type ControlRequest = { [T in ControlType]: ControlBody<T> & { readonly id: number } }[ControlType];

export type WorkerRequest = CallRequest | ControlRequest;

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ContractErrorData };

/**
 * The one place a result off the wire becomes typed. Sound because the engine answers a request
 * only through its handler table, whose entry for `K` is typed to return CallResult<K>
 * (runtime.ts: `{ [K in EngineCallName]: Handler<K> }`) and likewise for control requests.
 */
export function typedResult<R>(result: unknown): R {
  return result as R;
}

type EventMessageOf<E extends EventName> = {
  readonly type: 'event';
  readonly name: E;
  readonly payload: ContractEvents[E];
};
export type WorkerEvent = { [E in EventName]: EventMessageOf<E> }[EventName];

export type WorkerMessage =
  | WorkerResponse
  | WorkerEvent
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  /** Sent whenever the restorable state changes, so the service can restart a crashed worker. */
  | { readonly type: 'state'; readonly state: RestorableState };

export function isResponse(m: WorkerMessage): m is WorkerResponse {
  return 'id' in m && 'ok' in m;
}

/** Serialises any thrown value for the wire: ContractErrors keep their code, the rest are INTERNAL. */
export function serialiseError(e: unknown): ContractErrorData {
  const err = toContractError(e);
  return { code: err.code, message: err.message };
}

export function deserialiseError(data: ContractErrorData): ContractError {
  return toContractError(data);
}

type TypedArray =
  | Uint8Array
  | Uint8ClampedArray
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/**
 * Makes a value ready to post with its typed arrays as transferables: a view that covers only part
 * of its buffer is replaced by a compact copy (structured clone would copy the WHOLE buffer, e.g. a
 * whole dataset behind a one-image view). Returns the (possibly rebuilt) value and the buffers.
 * Callers must only pass arrays they do not keep: transferring detaches them on this side.
 */
export function prepareTransfer<T>(value: T): { value: T; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const walk = (v: unknown): unknown => {
    if (isTypedArray(v)) {
      const compact =
        v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.buffer instanceof ArrayBuffer ? v : v.slice();
      transfer.add(compact.buffer as ArrayBuffer);
      return compact;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  const prepared = walk(value) as T;
  return { value: prepared, transfer: [...transfer] };
}
