import { describe, expect, it } from 'vitest';
import { ContractError } from './contract.js';
import { decodeMessage, encodeMessage, MAX_NESTING, peekCallId, type WireMessage } from './wire.js';

function roundTrip(message: WireMessage): WireMessage {
  const frame = encodeMessage(message);
  // What `ws` hands the receiver in Node: a Buffer that may sit at an odd offset of a pooled buffer.
  if (typeof frame !== 'string') {
    const pool = new Uint8Array(frame.length + 3);
    pool.set(frame, 3);
    return decodeMessage(pool.subarray(3));
  }
  return decodeMessage(frame);
}

describe('wire format', () => {
  it('round-trips nested objects with every typed-array kind, as binary, at any depth', () => {
    const f32 = new Float32Array([0.5, -1.25, 3.4028234663852886e38, 1e-7, 0]);
    const base = new Float64Array(16).map((_, i) => i * 0.1);
    const payload = {
      images: { data: new Uint8Array([0, 1, 127, 255, 9]), n: 1, height: 1, width: 5, channels: 1 },
      codes: { mu: { data: f32, rows: 1, cols: 5 }, labels: new Int32Array([-1, 2147483647, -2147483648]) },
      list: [new Int8Array([-128, 127]), { deeper: [new Uint16Array([65535]), new Int16Array([-32768])] }],
      more: [new Uint32Array([4294967295]), new Uint8ClampedArray([300 as number]), base.subarray(3, 7)],
      text: 'ünïcode ✓',
      nothing: null,
      flag: true,
    };
    const frame = encodeMessage({ t: 'result', id: 7, result: payload });
    expect(frame).toBeInstanceOf(Uint8Array);
    // No typed array was spelled out as JSON numbers in the header.
    const header = new TextDecoder().decode((frame as Uint8Array).subarray(8, 8 + 400));
    expect(header).not.toContain('127,255');

    const back = roundTrip({ t: 'result', id: 7, result: payload });
    expect(back.t).toBe('result');
    const r = (back as { result: typeof payload }).result;
    expect(r.images.data).toBeInstanceOf(Uint8Array);
    expect([...r.images.data]).toEqual([0, 1, 127, 255, 9]);
    expect(r.codes.mu.data).toBeInstanceOf(Float32Array);
    expect(r.codes.mu.data).toEqual(f32);
    expect(r.codes.labels).toBeInstanceOf(Int32Array);
    expect([...r.codes.labels]).toEqual([-1, 2147483647, -2147483648]);
    expect(r.list[0]).toBeInstanceOf(Int8Array);
    expect([...(r.list[0] as Int8Array)]).toEqual([-128, 127]);
    const deeper = (r.list[1] as { deeper: [Uint16Array, Int16Array] }).deeper;
    expect(deeper[0]).toBeInstanceOf(Uint16Array);
    expect(deeper[0][0]).toBe(65535);
    expect(deeper[1]).toBeInstanceOf(Int16Array);
    expect(deeper[1][0]).toBe(-32768);
    expect(r.more[0]).toBeInstanceOf(Uint32Array);
    expect(r.more[0]![0]).toBe(4294967295);
    expect(r.more[1]).toBeInstanceOf(Uint8ClampedArray);
    expect(r.more[1]![0]).toBe(255);
    // A subarray view sends only its own elements, and arrives owning an exactly-sized buffer.
    expect(r.more[2]).toBeInstanceOf(Float64Array);
    expect([...(r.more[2] as Float64Array)]).toEqual([...base.subarray(3, 7)]);
    expect((r.more[2] as Float64Array).buffer.byteLength).toBe(4 * 8);
    expect(r.text).toBe('ünïcode ✓');
    expect(r.nothing).toBeNull();
    expect(r.flag).toBe(true);
  });

  it('keeps every array 8-byte aligned inside the frame', () => {
    const frame = encodeMessage({
      t: 'event',
      name: 'train.epoch',
      payload: { a: new Uint8Array(3).fill(1), b: new Float64Array([Math.PI]), c: new Float32Array([2]) },
    }) as Uint8Array;
    const headerLength = new DataView(frame.buffer).getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(frame.subarray(8, 8 + headerLength))) as {
      payload: Record<string, { $ta: [number, number, number] }>;
    };
    const dataStart = Math.ceil((8 + headerLength) / 8) * 8;
    for (const key of ['a', 'b', 'c']) expect((dataStart + header.payload[key]!.$ta[1]) % 8).toBe(0);
    const back = decodeMessage(frame) as { payload: { b: Float64Array } };
    expect(back.payload.b[0]).toBe(Math.PI);
  });

  it('sends messages without typed arrays as text, and empty typed arrays as binary', () => {
    const call: WireMessage = { t: 'call', id: 1, name: 'dataset.images', arg: { indices: [1, 2, 3] } };
    const text = encodeMessage(call);
    expect(typeof text).toBe('string');
    expect(decodeMessage(text)).toEqual(call);
    const empty = roundTrip({ t: 'result', id: 2, result: { data: new Float32Array(0), rows: 0, cols: 3 } });
    const data = (empty as { result: { data: Float32Array } }).result.data;
    expect(data).toBeInstanceOf(Float32Array);
    expect(data.length).toBe(0);
  });

  it('carries NaN and infinities, drops undefined fields, and keeps a void argument absent', () => {
    const back = roundTrip({
      t: 'event',
      name: 'train.step',
      payload: { loss: NaN, kl: Infinity, recon: -Infinity, gone: undefined, z: new Float32Array([NaN]) },
    }) as { payload: Record<string, unknown> };
    expect(back.payload.loss).toBeNaN();
    expect(back.payload.kl).toBe(Infinity);
    expect(back.payload.recon).toBe(-Infinity);
    expect('gone' in back.payload).toBe(false);
    expect((back.payload.z as Float32Array)[0]).toBeNaN();
    const voidCall = decodeMessage(encodeMessage({ t: 'call', id: 3, name: 'app.info', arg: undefined }));
    expect(voidCall).toEqual({ t: 'call', id: 3, name: 'app.info', arg: undefined });
  });

  it('round-trips errors', () => {
    const msg: WireMessage = {
      t: 'error',
      id: 9,
      error: { code: 'MODEL_NOT_LOADED', message: 'Train or open a model first.' },
    };
    expect(roundTrip(msg)).toEqual(msg);
  });

  it('rejects malformed frames with BAD_ARGUMENT, never another error', () => {
    const good = encodeMessage({ t: 'result', id: 1, result: new Float32Array([1, 2, 3]) }) as Uint8Array;
    const truncated = good.subarray(0, good.length - 4);
    const badMagic = good.slice();
    badMagic[0] = 0;
    const hugeHeader = good.slice();
    new DataView(hugeHeader.buffer).setUint32(4, 1e9, true);
    const cases: (string | Uint8Array)[] = [
      'not json',
      '[]',
      '42',
      '{"t":"call","id":1,"name":"no.such.call"}',
      '{"t":"call","id":-1,"name":"app.info"}',
      '{"t":"call","name":"app.info"}',
      '{"t":"result","id":1,"result":{"$ta":[0,0,1]}}',
      '{"t":"nope"}',
      '{"t":"error","id":1,"error":"boom"}',
      '{"t":"result","id":1,"result":{"$num":"12"}}',
      truncated,
      badMagic,
      hugeHeader,
      new Uint8Array(3),
    ];
    for (const frame of cases) {
      let error: unknown;
      try {
        decodeMessage(frame);
      } catch (e) {
        error = e;
      }
      expect(error, String(frame)).toBeInstanceOf(ContractError);
      expect((error as ContractError).code).toBe('BAD_ARGUMENT');
    }
  });

  it('refuses nesting deeper than MAX_NESTING both ways, with BAD_ARGUMENT', () => {
    const nest = (depth: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = { a: v };
      return v;
    };
    // The limit itself still travels (the message wraps the argument in one more level).
    const ok = { t: 'call', id: 1, name: 'app.info', arg: nest(MAX_NESTING - 1) } as const;
    expect(roundTrip(ok)).toEqual(ok);
    const deep = `{"t":"call","id":1,"name":"app.info","arg":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    for (const frame of [deep, JSON.stringify({ t: 'call', id: 1, name: 'app.info', arg: nest(MAX_NESTING + 1) })]) {
      const error = (() => {
        try {
          decodeMessage(frame);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ContractError);
      expect((error as ContractError).code).toBe('BAD_ARGUMENT');
    }
    expect(() => encodeMessage({ t: 'result', id: 1, result: nest(MAX_NESTING + 1) })).toThrow(/nested more than/);
  });

  it('refuses to encode what cannot travel', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const result of [circular, { n: 1n }, { $ta: 1 }, new ArrayBuffer(4)]) {
      expect(() => encodeMessage({ t: 'result', id: 1, result })).toThrow(ContractError);
    }
  });

  it('finds the request id of a call it cannot decode, so the error can answer it', () => {
    expect(peekCallId('{"t":"call","id":12,"name":"bogus"}')).toBe(12);
    expect(peekCallId('garbage')).toBeNull();
  });
});
