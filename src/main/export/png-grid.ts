// A PNG of images in a grid (sharp, raw → png): each cell scaled by an integer factor
// (nearest-neighbour), 1-px white gaps between cells; cells of a last, partial row stay white.
// Optional row labels (e.g. "z3 KL 1.25" of a latent walk) fill a white column on the left.
import sharp from 'sharp';
import { ContractError, type ImageBatch } from '../../shared/contract.js';
import type { PngGridOptions } from './api.js';
import { canDraw, drawText, GLYPH_HEIGHT, textWidth } from './label-font.js';

const GAP = 1;
const GAP_VALUE = 255;
const LABEL_VALUE = 0;

export async function encodePngGrid(
  images: ImageBatch,
  cols: number,
  scale: number,
  options: PngGridOptions = {},
): Promise<Uint8Array> {
  if (images.n < 1) throw new ContractError('BAD_ARGUMENT', 'A grid needs at least one image.');
  if (!Number.isInteger(cols) || cols < 1)
    throw new ContractError('BAD_ARGUMENT', `Columns must be a whole number ≥ 1, got ${cols}.`);
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw new ContractError('BAD_ARGUMENT', `Scale must be a whole number from 1 to 64, got ${scale}.`);
  }
  const { height: h, width: w, channels: c } = images;
  const columns = Math.min(cols, images.n);
  const rows = Math.ceil(images.n / columns);
  const cellW = w * scale;
  const cellH = h * scale;
  const labels = options.rowLabels;
  if (labels && (labels.length !== rows || !labels.every(canDraw)))
    throw new ContractError('BAD_ARGUMENT', `A grid of ${rows} rows needs ${rows} drawable row labels.`);
  // Labels about a third of a cell high, at least 1 px per font pixel.
  const fontScale = Math.max(1, Math.floor(cellH / (3 * GLYPH_HEIGHT)));
  const pad = 2 * fontScale;
  const labelW = labels ? Math.max(...labels.map((l) => textWidth(l, fontScale))) + 2 * pad : 0;
  const outW = labelW + columns * cellW + (columns - 1) * GAP;
  const outH = rows * cellH + (rows - 1) * GAP;
  const out = new Uint8Array(outW * outH * c).fill(GAP_VALUE);
  labels?.forEach((label, r) => {
    const y = r * (cellH + GAP) + Math.floor((cellH - GLYPH_HEIGHT * fontScale) / 2);
    drawText(out, outW, c, pad, y, label, fontScale, LABEL_VALUE);
  });
  for (let i = 0; i < images.n; i++) {
    const x0 = labelW + (i % columns) * (cellW + GAP);
    const y0 = Math.floor(i / columns) * (cellH + GAP);
    const src = i * h * w * c;
    for (let y = 0; y < cellH; y++) {
      const srcRow = src + Math.floor(y / scale) * w * c;
      const dstRow = ((y0 + y) * outW + x0) * c;
      for (let x = 0; x < cellW; x++) {
        const s = srcRow + Math.floor(x / scale) * c;
        const d = dstRow + x * c;
        for (let k = 0; k < c; k++) out[d + k] = images.data[s + k]!;
      }
    }
  }
  try {
    const image = sharp(out, { raw: { width: outW, height: outH, channels: c } });
    // Without b-w, sharp writes one-channel input as an RGB PNG.
    const png = await (c === 1 ? image.toColourspace('b-w') : image).png().toBuffer();
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  } catch (error) {
    throw new ContractError('EXPORT_FAILED', `Could not encode the PNG grid: ${(error as Error).message}`);
  }
}
