// Decodes one image file with sharp into raw pixels: S×S, centre crop (fit cover), 8-bit.
// Transparent pixels are flattened onto black; EXIF orientation is applied.
import sharp from 'sharp';

/** R, G and B may differ by this much and the pixel still counts as grey (JPEG rounding). */
const GREY_TOLERANCE = 2;

export async function decodeImage(bytes: Buffer, size: number, channels: 1 | 3): Promise<Uint8Array> {
  if (bytes.length === 0) throw new Error('empty file (0 bytes)');
  let pipeline = sharp(bytes, { failOn: 'error' })
    .rotate()
    .flatten({ background: { r: 0, g: 0, b: 0 } })
    .resize(size, size, { fit: 'cover', position: 'centre' });
  pipeline = channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb').removeAlpha();
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return toChannels(
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    info.channels,
    channels,
    size * size,
  );
}

/** Guards against a colour space sharp leaves with another channel count (CMYK, grey+alpha). */
function toChannels(data: Uint8Array, have: number, want: 1 | 3, pixels: number): Uint8Array {
  if (have === want) return data;
  const out = new Uint8Array(pixels * want);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < want; c++) out[p * want + c] = data[p * have + Math.min(c, have - 1)]!;
  }
  return out;
}

export function isGreyRgb(rgb: Uint8Array): boolean {
  for (let i = 0; i < rgb.length; i += 3) {
    const r = rgb[i]!;
    const g = rgb[i + 1]!;
    const b = rgb[i + 2]!;
    if (Math.abs(r - g) > GREY_TOLERANCE || Math.abs(g - b) > GREY_TOLERANCE || Math.abs(r - b) > GREY_TOLERANCE) {
      return false;
    }
  }
  return true;
}

export function rgbToGrey(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgb.length / 3);
  for (let p = 0; p < out.length; p++) out[p] = Math.round((rgb[3 * p]! + rgb[3 * p + 1]! + rgb[3 * p + 2]!) / 3);
  return out;
}

/** A reason a person can act on, from sharp's error text. */
export function decodeFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('empty file')) return message;
  if (/unsupported image format/i.test(message)) return 'not a readable image (unknown or corrupt format)';
  return `cannot be decoded: ${message.split('\n')[0]}`;
}
