// ICO and ICNS containers built from PNG bytes. Both formats allow PNG-compressed entries (Windows
// Vista+, macOS 10.7+), so no bitmap re-encoding is needed: each entry is a directory record plus
// the PNG itself.

/** Every PNG size the builds use (Linux set, ICNS). */
export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const;
/** ICO directory entries hold sides up to 256 (stored as 0). */
export const ICO_SIZES = [16, 32, 48, 64, 128, 256] as const;

export interface PngEntry {
  /** Pixel side of the (square) PNG. */
  size: number;
  png: Uint8Array;
}

/** ICO: ICONDIR (6 bytes) + one ICONDIRENTRY (16 bytes) per image + the images. Sides ≤ 256. */
export function buildIco(entries: readonly PngEntry[]): Buffer {
  for (const e of entries) {
    if (e.size < 1 || e.size > 256) throw new Error(`ICO entries must be 1..256 px, got ${e.size}`);
  }
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type 1 = icon
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach((e, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(e.size === 256 ? 0 : e.size, at); // 0 means 256
    header.writeUInt8(e.size === 256 ? 0 : e.size, at + 1);
    header.writeUInt8(0, at + 2); // palette colours: none
    header.writeUInt8(0, at + 3); // reserved
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(e.png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += e.png.length;
  });
  return Buffer.concat([header, ...entries.map((e) => Buffer.from(e.png))]);
}

/**
 * ICNS OSTypes for PNG payloads, by pixel side. Retina types (@2x) share pixel sides with plain
 * ones (ic11 = 16@2x is 32 px), so one PNG can back two types.
 */
export const ICNS_TYPES: readonly { type: string; size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic12', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 },
  { type: 'ic10', size: 1024 },
];

/** ICNS: 'icns' + total length (BE), then per entry: OSType + entry length incl. its 8-byte header + data. */
export function buildIcns(entries: readonly PngEntry[]): Buffer {
  const bySize = new Map(entries.map((e) => [e.size, e.png]));
  const chunks: Buffer[] = [];
  for (const { type, size } of ICNS_TYPES) {
    const png = bySize.get(size);
    if (!png) continue;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    chunks.push(head, Buffer.from(png));
  }
  if (chunks.length === 0) throw new Error('ICNS needs at least one PNG of a size it knows');
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}
