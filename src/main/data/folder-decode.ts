// Decodes one image file with sharp into raw 8-bit pixels, size × size: EXIF orientation applied,
// transparency flattened onto the background, then centre-cropped (fit 'crop') or letterboxed onto
// the background (fit 'pad'). Also says what the file needed (16-bit, CMYK, animated…) for the report.
import sharp from 'sharp';
import type { FolderBackground, FolderFit } from '../../shared/contract.js';

/** R, G and B may differ by this much and the pixel still counts as grey (JPEG rounding). */
const GREY_TOLERANCE = 2;

const BACKGROUND_RGB: Record<FolderBackground, { r: number; g: number; b: number }> = {
  black: { r: 0, g: 0, b: 0 },
  white: { r: 255, g: 255, b: 255 },
};

export interface DecodeSpec {
  size: number;
  channels: 1 | 3;
  fit: FolderFit;
  background: FolderBackground;
}

/** What one file needed on its way to size × size 8-bit pixels; counted in the load report. */
export interface ImageNotes {
  upscaled: boolean;
  withAlpha: boolean;
  rotated: boolean;
  sixteenBit: boolean;
  cmyk: boolean;
  animated: boolean;
  paletteAlpha: boolean;
}

export const NOTE_NAMES = [
  'upscaled',
  'withAlpha',
  'rotated',
  'sixteenBit',
  'cmyk',
  'animated',
  'paletteAlpha',
] as const satisfies readonly (keyof ImageNotes)[];

export async function decodeImage(bytes: Buffer, spec: DecodeSpec): Promise<{ pixels: Uint8Array; notes: ImageNotes }> {
  if (bytes.length === 0) throw new Error('empty file (0 bytes)');
  const { size, channels, fit, background } = spec;
  const image = sharp(bytes, { failOn: 'error' });
  const meta = await image.metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  // crop fills the square from the shorter side, pad fits the longer side into it.
  const fittedSide = fit === 'crop' ? Math.min(width, height) : Math.max(width, height);
  const notes: ImageNotes = {
    upscaled: fittedSide < size,
    withAlpha: meta.hasAlpha === true,
    rotated: (meta.orientation ?? 1) > 1,
    sixteenBit: meta.depth === 'ushort' || meta.bitsPerSample === 16,
    cmyk: meta.space === 'cmyk',
    animated: (meta.pages ?? 1) > 1,
    paletteAlpha: meta.isPalette === true && meta.hasAlpha === true,
  };
  const bg = BACKGROUND_RGB[background];
  let pipeline = image
    .rotate()
    .flatten({ background: bg })
    .resize(size, size, fit === 'crop' ? { fit: 'cover', position: 'centre' } : { fit: 'contain', background: bg });
  // toColourspace also scales 16-bit samples to 8 and converts CMYK (with its profile, or a generic one).
  pipeline = channels === 1 ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb').removeAlpha();
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const pixels = toChannels(
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    info.channels,
    channels,
    size * size,
  );
  return { pixels, notes };
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

/** RGB → grey into `out` at `outOffset`; may overlap `rgb` when out starts at or before it (reads lead writes). */
export function rgbToGreyInto(rgb: Uint8Array, out: Uint8Array, outOffset: number): void {
  const n = rgb.length / 3;
  for (let p = 0; p < n; p++) out[outOffset + p] = Math.round((rgb[3 * p]! + rgb[3 * p + 1]! + rgb[3 * p + 2]!) / 3);
}

/** A reason a person can act on, from sharp's error text. */
export function decodeFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('empty file')) return message;
  if (/unsupported image format/i.test(message)) return 'not a readable image (unknown or corrupt format)';
  return `cannot be decoded: ${message.split('\n')[0]}`;
}
