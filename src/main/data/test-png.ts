// Test helper: writes real PNG files byte by byte (signature, IHDR, PLTE, tRNS, IDAT, IEND), so the
// tests can make the PNG kinds sharp does not write on request: 16-bit samples, grey + alpha at 16
// bits, palettes with a transparent entry. Rows use filter 0; zlib from Node.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** PNG colour types: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
export interface PngSpec {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  colourType: 0 | 2 | 3 | 4 | 6;
  /** Samples in row-major order, channel-interleaved; palette images: one index per pixel. */
  samples: ArrayLike<number>;
  /** Palette images: [r, g, b] entries. */
  palette?: [number, number, number][];
  /** Palette images: alpha per palette entry (the tRNS chunk). */
  paletteAlpha?: number[];
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

export function encodePng(spec: PngSpec): Buffer {
  const { width, height, bitDepth, colourType } = spec;
  const channels = CHANNELS[colourType];
  const bytesPerSample = bitDepth / 8;
  const rowBytes = width * channels * bytesPerSample;
  const raw = Buffer.alloc(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1);
    for (let i = 0; i < width * channels; i++) {
      const v = spec.samples[y * width * channels + i]!;
      if (bitDepth === 16) raw.writeUInt16BE(v, row + 1 + 2 * i);
      else raw[row + 1 + i] = v;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (spec.palette) parts.push(chunk('PLTE', Buffer.from(spec.palette.flat())));
  if (spec.paletteAlpha) parts.push(chunk('tRNS', Buffer.from(spec.paletteAlpha)));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}
