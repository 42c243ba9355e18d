// IDX files (the MNIST format): a 4-byte magic (0, 0, type, number of dims), big-endian uint32
// dims, then the data. Only unsigned-byte data (type 0x08) is used by image datasets.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ContractError } from '../../shared/contract.js';

const gunzipAsync = promisify(gunzip);
const UBYTE = 0x08;

export interface IdxArray {
  dims: number[];
  /** A view into the file's bytes. */
  data: Uint8Array;
}

function invalid(file: string, what: string): ContractError {
  return new ContractError('IDX_INVALID', `${basename(file)} is not a valid IDX file: ${what}.`);
}

/** Parses IDX bytes and checks the magic, the number of dims, and that the length matches them. */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims: number): IdxArray {
  if (bytes.length < 4) throw invalid(file, `it is only ${bytes.length} bytes long`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw invalid(file, `bad magic number 0x${Buffer.from(bytes.subarray(0, 4)).toString('hex')} (expected 0x0000..)`);
  }
  if (bytes[2] !== UBYTE) throw invalid(file, `data type 0x${bytes[2]!.toString(16)} is not unsigned byte (0x08)`);
  const ndims = bytes[3]!;
  if (ndims !== expectedDims) throw invalid(file, `it has ${ndims} dimensions, expected ${expectedDims}`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) throw invalid(file, 'the header is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerLength;
  if (actual !== expected) {
    throw invalid(
      file,
      `dimensions ${dims.join('×')} need ${expected} data bytes but the file has ${actual}` +
        (actual < expected ? ' (truncated)' : ''),
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/** Reads an IDX file, gunzipping it when it starts with the gzip magic (whatever its name). */
export async function readIdxBytes(file: string): Promise<Uint8Array> {
  const raw = await readFile(file);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return new Uint8Array(await gunzipAsync(raw));
    } catch (e) {
      throw invalid(file, `the gzip data is corrupt (${(e as Error).message})`);
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** Reads and checks an image file (n × rows × cols). */
export async function readIdxImages(
  file: string,
): Promise<{ n: number; height: number; width: number; data: Uint8Array }> {
  const { dims, data } = parseIdx(await readIdxBytes(file), file, 3);
  const [n, height, width] = dims as [number, number, number];
  if (height === 0 || width === 0) throw invalid(file, `image size ${height}×${width} is empty`);
  return { n, height, width, data };
}

/** Reads and checks a label file (n labels). */
export async function readIdxLabels(file: string): Promise<Uint8Array> {
  return parseIdx(await readIdxBytes(file), file, 1).data;
}
