// WebSocket wire format of the contract (browser host ⇄ renderer).
// Constraint: runs in Node and in the browser, so only ArrayBuffer, DataView and TextEncoder/Decoder.
//
// A message with no typed array travels as a text frame holding its JSON. A message holding typed
// arrays (at any depth) travels as one binary frame, so images and codes never become JSON numbers:
//
//   bytes 0..3   magic "LEW1"
//   bytes 4..7   header length H (uint32, little-endian)
//   bytes 8..    header: UTF-8 JSON of the message, each typed array replaced by {"$ta":[kind, offset, length]}
//   padding      spaces up to a multiple of 8: the data section starts there
//   data         the arrays' bytes; `offset` is relative to the data section and a multiple of 8, so every
//                array starts 8-aligned in the frame (length counts elements, not bytes)
//
// Non-finite numbers (a diverged loss is NaN) would become null in JSON: they travel as {"$num":"NaN"}.
//
// Nesting is limited to MAX_NESTING levels both ways: the walkers recurse, and a hostile frame of deeply
// nested brackets must be refused as BAD_ARGUMENT, not blow the stack (the contract nests a few levels).

import {
  CALL_NAMES,
  EVENT_NAMES,
  ContractError,
  type CallName,
  type ContractErrorData,
  type EventName,
} from './contract.js';

export type WireMessage =
  | { t: 'call'; id: number; name: CallName; arg: unknown }
  | { t: 'result'; id: number; result: unknown }
  | { t: 'error'; id: number | null; error: ContractErrorData }
  | { t: 'event'; name: EventName; payload: unknown };

export type WireFrame = string | Uint8Array;

const MAGIC = [0x4c, 0x45, 0x57, 0x31]; // "LEW1"
const ALIGN = 8;
const TA_KEY = '$ta';
const NUM_KEY = '$num';

/** Deepest nesting of objects/arrays a message may have (the contract's deepest is under 10). */
export const MAX_NESTING = 64;

function tooDeep(): ContractError {
  return new ContractError(
    'BAD_ARGUMENT',
    `Malformed message: nested more than ${MAX_NESTING} levels deep; no call takes arguments nested that deep.`,
  );
}

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

type TypedArrayCtor = { new (buffer: ArrayBuffer): TypedArray; readonly BYTES_PER_ELEMENT: number };

// The index in this table is the kind written on the wire: append only.
const KINDS: readonly TypedArrayCtor[] = [
  Uint8Array,
  Int8Array,
  Uint8ClampedArray,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
];

function kindOf(value: unknown): number {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return -1;
  // Exact constructor match: a Buffer (a Uint8Array subclass) travels as a Uint8Array.
  for (let k = 0; k < KINDS.length; k++) if (value instanceof KINDS[k]!) return k;
  return -1;
}

const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/** Encodes a message: a string (text frame) or bytes (binary frame). Throws on values JSON cannot carry. */
export function encodeMessage(message: WireMessage): WireFrame {
  const arrays: TypedArray[] = [];
  const offsets: number[] = [];
  let dataBytes = 0; // where the next array starts (aligned)
  let dataEnd = 0; // end of the last array: no trailing padding
  const seen = new Set<object>();

  const walk = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'number') return Number.isFinite(value) ? value : { [NUM_KEY]: String(value) };
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
      throw new ContractError('BAD_ARGUMENT', `A ${typeof value} cannot be sent over the WebSocket.`);
    }
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_NESTING) throw tooDeep();
    const kind = kindOf(value);
    if (kind >= 0) {
      const ta = value as TypedArray;
      offsets.push(dataBytes);
      arrays.push(ta);
      dataEnd = dataBytes + ta.byteLength;
      dataBytes = align(dataEnd);
      return { [TA_KEY]: [kind, offsets[offsets.length - 1]!, ta.length] };
    }
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      throw new ContractError('BAD_ARGUMENT', 'Only typed arrays (not raw buffers or DataViews) can be sent.');
    }
    if (seen.has(value)) throw new ContractError('BAD_ARGUMENT', 'A circular structure cannot be sent.');
    seen.add(value);
    let out: unknown;
    if (Array.isArray(value)) {
      out = value.map((v) => (v === undefined ? null : walk(v, depth + 1)));
    } else {
      const obj: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (key === TA_KEY || key === NUM_KEY) {
          throw new ContractError('BAD_ARGUMENT', `The key "${key}" is reserved by the wire format.`);
        }
        if (v !== undefined) obj[key] = walk(v, depth + 1);
      }
      out = obj;
    }
    seen.delete(value);
    return out;
  };

  const tree = walk(message);
  const json = JSON.stringify(tree);
  if (arrays.length === 0) return json;

  const headerBytes = new TextEncoder().encode(json);
  const base = align(8 + headerBytes.length);
  const frame = new Uint8Array(base + dataEnd);
  frame.set(MAGIC, 0);
  new DataView(frame.buffer).setUint32(4, headerBytes.length, true);
  frame.set(headerBytes, 8);
  frame.fill(0x20, 8 + headerBytes.length, base);
  for (let i = 0; i < arrays.length; i++) {
    const ta = arrays[i]!;
    frame.set(new Uint8Array(ta.buffer, ta.byteOffset, ta.byteLength), base + offsets[i]!);
  }
  return frame;
}

function bad(message: string): ContractError {
  return new ContractError('BAD_ARGUMENT', `Malformed message: ${message}`);
}

/** Decodes a frame into a message. Throws ContractError('BAD_ARGUMENT') on anything malformed. */
export function decodeMessage(frame: WireFrame | ArrayBuffer): WireMessage {
  let tree: unknown;
  if (typeof frame === 'string') {
    tree = parseJson(frame);
    tree = revive(tree, null);
  } else {
    const bytes = frame instanceof ArrayBuffer ? new Uint8Array(frame) : frame;
    if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw bad('not a Latent Explorer frame.');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = view.getUint32(4, true);
    if (8 + headerLength > bytes.length) throw bad('header longer than the frame.');
    const header = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(8, 8 + headerLength));
    const dataStart = align(8 + headerLength);
    tree = revive(parseJson(header), bytes.subarray(Math.min(dataStart, bytes.length)));
  }
  return checkShape(tree);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw bad('not valid JSON.');
  }
}

function revive(value: unknown, bytes: Uint8Array | null, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_NESTING) throw tooDeep();
  if (Array.isArray(value)) return value.map((v) => revive(v, bytes, depth + 1));
  const obj = value as Record<string, unknown>;
  if (TA_KEY in obj) return reviveArray(obj[TA_KEY], bytes);
  if (NUM_KEY in obj) {
    const n = Number(obj[NUM_KEY]);
    if (Number.isFinite(n) || !['NaN', 'Infinity', '-Infinity'].includes(String(obj[NUM_KEY])))
      throw bad('bad number.');
    return n;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    if (key === '__proto__') continue;
    out[key] = revive(v, bytes, depth + 1);
  }
  return out;
}

function reviveArray(spec: unknown, bytes: Uint8Array | null): TypedArray {
  if (!bytes) throw bad('typed array in a text frame.');
  if (!Array.isArray(spec) || spec.length !== 3 || !spec.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw bad('bad typed-array placeholder.');
  }
  const [kind, offset, length] = spec as [number, number, number];
  const Ctor = KINDS[kind];
  if (!Ctor) throw bad(`unknown typed-array kind ${kind}.`);
  const byteLength = length * Ctor.BYTES_PER_ELEMENT;
  if (offset + byteLength > bytes.length) throw bad('typed array beyond the end of the frame.');
  // Copy into a buffer of its own: the receiver may keep, transfer or reinterpret `.buffer`, and the
  // frame's buffer (a pooled Node Buffer, say) need not be aligned for this element size.
  const start = bytes.byteOffset + offset;
  return new Ctor(bytes.buffer.slice(start, start + byteLength) as ArrayBuffer);
}

const CALLS = new Set<string>(CALL_NAMES);
const EVENTS = new Set<string>(EVENT_NAMES);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function checkShape(tree: unknown): WireMessage {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) throw bad('expected an object.');
  const m = tree as Record<string, unknown>;
  switch (m.t) {
    case 'call':
      if (!isId(m.id)) throw bad('a call needs a numeric id.');
      if (typeof m.name !== 'string' || !CALLS.has(m.name)) throw bad(`unknown call "${String(m.name)}".`);
      return { t: 'call', id: m.id, name: m.name as CallName, arg: m.arg };
    case 'result':
      if (!isId(m.id)) throw bad('a result needs a numeric id.');
      return { t: 'result', id: m.id, result: m.result };
    case 'error': {
      if (m.id !== null && !isId(m.id)) throw bad('an error needs a numeric id or null.');
      const e = m.error as Record<string, unknown> | null;
      if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.message !== 'string') {
        throw bad('an error needs {code, message}.');
      }
      return { t: 'error', id: m.id, error: { code: e.code as ContractErrorData['code'], message: e.message } };
    }
    case 'event':
      if (typeof m.name !== 'string' || !EVENTS.has(m.name)) throw bad(`unknown event "${String(m.name)}".`);
      return { t: 'event', name: m.name as EventName, payload: m.payload };
    default:
      throw bad(`unknown message type "${String(m.t)}".`);
  }
}

/** Best effort: the request id of a frame that failed to decode, so the error can still answer it. */
export function peekCallId(frame: WireFrame | ArrayBuffer): number | null {
  try {
    let text: string;
    if (typeof frame === 'string') text = frame;
    else {
      const bytes = frame instanceof ArrayBuffer ? new Uint8Array(frame) : frame;
      if (bytes.length < 8) return null;
      const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
      text = new TextDecoder().decode(bytes.subarray(8, Math.min(bytes.length, 8 + len)));
    }
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return isId(id) ? id : null;
  } catch {
    return null;
  }
}
