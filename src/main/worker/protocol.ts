// The message protocol between the service (main thread) and the training worker.
// Readonly discriminated unions with request ids; errors cross as plain {code, message}; typed
// arrays of results and events are moved as transferables (zero copy), never as number[].

import {
  ContractError,
  toContractError,
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
}

export interface WorkerInit {
  readonly dataDir: string;
  readonly resourcesDir: string;
}

type CallRequestOf<K extends CallName> = {
  readonly id: number;
  readonly type: 'call';
  readonly name: K;
  readonly arg: CallArg<K>;
};
export type CallRequest = { [K in CallName]: CallRequestOf<K> }[CallName];

export type WorkerRequest =
  | CallRequest
  | { readonly id: number; readonly type: 'init'; readonly init: WorkerInit }
  /** The backend in use (selecting 'auto' first if none is yet): for app.info. */
  | { readonly id: number; readonly type: 'backend' }
  | { readonly id: number; readonly type: 'cancel'; readonly jobId: string }
  | { readonly id: number; readonly type: 'restore'; readonly state: RestorableState }
  /** Test hook: tf.memory().numTensors in the worker (leak checks across calls). */
  | { readonly id: number; readonly type: 'debug.tensors' }
  /** Test hook: the worker throws an uncaught error, as a real crash would. */
  | { readonly id: number; readonly type: 'debug.crash' };

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ContractErrorData };

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
