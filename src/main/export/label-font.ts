// A 3×5 pixel font for the row labels of exported grids ("z3 KL 1.25"). Drawn into the raw pixels
// before PNG encoding, so a label looks the same on every machine: no font files, no SVG renderer.

const GLYPHS: Record<string, string[]> = {
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'],
  '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'],
  '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'],
  '7': ['111', '001', '010', '010', '010'],
  '8': ['111', '101', '111', '101', '111'],
  '9': ['111', '101', '111', '001', '111'],
  z: ['000', '111', '001', '010', '111'],
  K: ['101', '101', '110', '101', '101'],
  L: ['100', '100', '100', '100', '111'],
  '.': ['000', '000', '000', '000', '010'],
  '-': ['000', '000', '111', '000', '000'],
  ' ': ['000', '000', '000', '000', '000'],
};

export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;
/** Advance per character: the glyph and one blank column. */
export const GLYPH_ADVANCE = GLYPH_WIDTH + 1;

/** True when every character of `text` has a glyph. */
export function canDraw(text: string): boolean {
  return [...text].every((ch) => ch in GLYPHS);
}

/** Width in pixels of `text` at `scale` (no trailing blank column). */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * GLYPH_ADVANCE - 1) * scale;
}

/**
 * Draws `text` with its top-left corner at (x, y) into raw interleaved pixels of width `width` and
 * `channels` channels, setting the glyphs' pixels to `value`. Pixels outside the image are skipped.
 */
export function drawText(
  out: Uint8Array,
  width: number,
  channels: number,
  x: number,
  y: number,
  text: string,
  scale: number,
  value = 0,
): void {
  const height = out.length / (width * channels);
  [...text].forEach((ch, i) => {
    const glyph = GLYPHS[ch];
    if (!glyph) throw new RangeError(`No glyph for ${JSON.stringify(ch)}`);
    const gx = x + i * GLYPH_ADVANCE * scale;
    for (let r = 0; r < GLYPH_HEIGHT; r++)
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        if (glyph[r]![c] !== '1') continue;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const px = gx + c * scale + dx;
            const py = y + r * scale + dy;
            if (px < 0 || py < 0 || px >= width || py >= height) continue;
            out.fill(value, (py * width + px) * channels, (py * width + px + 1) * channels);
          }
      }
  });
}
