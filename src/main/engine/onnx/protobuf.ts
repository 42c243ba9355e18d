// The few protobuf messages of onnx.proto (ONNX IR 7) needed to write our models, hand-encoded:
// varints and length-delimited fields only, so no protobuf dependency. Field numbers are onnx.proto's.

class Writer {
  private parts: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.size += b.length;
  }

  private varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    do {
      let byte = Number(x & 0x7fn);
      x >>= 7n;
      if (x) byte |= 0x80;
      out.push(byte);
    } while (x);
    this.push(Uint8Array.from(out));
  }

  int(field: number, v: number): this {
    this.varint((field << 3) | 0);
    this.varint(v);
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(b.length);
    this.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, w: Writer): this {
    return this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

const FLOAT = 1;
const INT64 = 7;

export interface Tensor {
  name: string;
  dims: number[];
  /** float32 values, or int64 values given as numbers. */
  data: Float32Array | { int64: number[] };
}

export type Attr = { name: string; int: number } | { name: string; ints: number[] };

export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Attr[];
}

/** A graph value's declared shape: numbers, or a name for a dynamic dimension (the batch, "n"). */
export interface Value {
  name: string;
  shape: (number | string)[];
}

function tensor(t: Tensor): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  if (t.data instanceof Float32Array) {
    w.int(2, FLOAT).string(8, t.name);
    const raw = new Uint8Array(t.data.length * 4);
    const view = new DataView(raw.buffer);
    t.data.forEach((v, i) => view.setFloat32(i * 4, v, true));
    w.bytes(9, raw);
  } else {
    w.int(2, INT64).string(8, t.name);
    const raw = new Uint8Array(t.data.int64.length * 8);
    const view = new DataView(raw.buffer);
    t.data.int64.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    w.bytes(9, raw);
  }
  return w;
}

function attr(a: Attr): Writer {
  const w = new Writer().string(1, a.name);
  if ('int' in a) return w.int(3, a.int).int(20, 2); // AttributeProto.INT
  for (const v of a.ints) w.int(8, v);
  return w.int(20, 7); // AttributeProto.INTS
}

function node(n: Node, i: number): Writer {
  const w = new Writer();
  for (const s of n.inputs) w.string(1, s);
  for (const s of n.outputs) w.string(2, s);
  w.string(3, `${n.op.toLowerCase()}_${i}`).string(4, n.op);
  for (const a of n.attrs ?? []) w.message(5, attr(a));
  return w;
}

function valueInfo(v: Value): Writer {
  const shape = new Writer();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new Writer().int(1, d) : new Writer().string(2, d));
  const tensorType = new Writer().int(1, FLOAT).message(2, shape);
  return new Writer().string(1, v.name).message(2, new Writer().message(1, tensorType));
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: Value[];
  outputs: Value[];
}

/** ModelProto bytes: IR version 7, default-domain opset 13. */
export function encodeModel(g: Graph, producer: string): Uint8Array {
  const graph = new Writer();
  g.nodes.forEach((n, i) => graph.message(1, node(n, i)));
  graph.string(2, g.name);
  for (const t of g.initializers) graph.message(5, tensor(t));
  for (const v of g.inputs) graph.message(11, valueInfo(v));
  for (const v of g.outputs) graph.message(12, valueInfo(v));
  return new Writer()
    .int(1, 7)
    .string(2, producer)
    .message(7, graph)
    .message(8, new Writer().string(1, '').int(2, 13))
    .finish();
}
