// The rules of FolderOptions as sentences: one place that the Data tab (message at the field), the
// data layer and the CLI's help take their wording and limits from. Imports nothing at run time
// from Electron, Node or the DOM (like contract.ts).
import {
  FOLDER_BACKGROUNDS,
  FOLDER_COLOURS,
  FOLDER_FITS,
  FOLDER_SIZE_MAX,
  FOLDER_SIZE_MIN,
  type FolderLoadReport,
  type FolderOptions,
  type FolderSettings,
} from './contract.js';

export const FOLDER_SIZE_RANGE = `${FOLDER_SIZE_MIN} to ${FOLDER_SIZE_MAX}`;

/** Null when `size` is a valid side; else a sentence naming the allowed range. */
export function folderSizeProblem(size: unknown): string | null {
  if (typeof size === 'number' && Number.isInteger(size) && size >= FOLDER_SIZE_MIN && size <= FOLDER_SIZE_MAX)
    return null;
  const got = typeof size === 'number' && Number.isFinite(size) ? String(size) : JSON.stringify(size ?? null);
  return `Size must be a whole number of pixels from ${FOLDER_SIZE_RANGE}, got ${got}.`;
}

function choiceProblem(name: string, value: unknown, allowed: readonly string[]): string | null {
  if (typeof value === 'string' && allowed.includes(value)) return null;
  return `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value ?? null)}.`;
}

/** Every problem of the given options (absent fields are fine: they take their defaults). */
export function folderOptionProblems(options: FolderOptions): { field: keyof FolderOptions; message: string }[] {
  const out: { field: keyof FolderOptions; message: string }[] = [];
  const add = (field: keyof FolderOptions, message: string | null): void => {
    if (message !== null) out.push({ field, message });
  };
  if (options.size !== undefined) add('size', folderSizeProblem(options.size));
  if (options.fit !== undefined) add('fit', choiceProblem('Fit', options.fit, FOLDER_FITS));
  if (options.colour !== undefined) add('colour', choiceProblem('Colour', options.colour, FOLDER_COLOURS));
  if (options.background !== undefined)
    add('background', choiceProblem('Background', options.background, FOLDER_BACKGROUNDS));
  return out;
}

/** "48×48 px, pad, rgb, transparency onto black": the settings as a person reads them. */
export function describeFolderSettings(s: FolderSettings): string {
  return `${s.size}×${s.size} px, ${s.fit === 'crop' ? 'centre crop' : 'padded (letterbox)'}, ${s.colour === 'grey' ? 'grey' : 'RGB'}, transparency onto ${s.background}`;
}

/** The notes of a load report that are not zero, each as "N what happened". */
export function folderLoadNotes(r: FolderLoadReport): string[] {
  const notes: [number, string][] = [
    [r.upscaled, `smaller than ${r.settings.size} px, upscaled`],
    [r.withAlpha, `with transparency, flattened onto ${r.settings.background}`],
    [r.rotated, 'turned upright by their EXIF orientation'],
    [r.sixteenBit, '16-bit, reduced to 8-bit'],
    [r.cmyk, 'CMYK, converted to RGB'],
    [r.animated, 'animated or multi-page, first frame used'],
    [r.paletteAlpha, 'palette PNGs with a transparent colour'],
  ];
  return notes.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
}

/** One line for logs: the settings, then the notes. */
export function describeFolderLoad(r: FolderLoadReport): string {
  const notes = folderLoadNotes(r);
  return `loaded at ${describeFolderSettings(r.settings)}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`;
}
