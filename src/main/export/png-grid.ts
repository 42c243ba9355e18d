// A PNG of images in a grid (sharp, raw → png): each cell scaled by an integer factor
// (nearest-neighbour), 1-px white gaps between cells; cells of a last, partial row stay white.
import sharp from 'sharp';
import { ContractError, type ImageBatch } from '../../shared/contract.js';

const GAP = 1;
const GAP_VALUE = 255;

export async function encodePngGrid(images: ImageBatch, cols: number, scale: number): Promise<Uint8Array> {
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
  const outW = columns * cellW + (columns - 1) * GAP;
  const outH = rows * cellH + (rows - 1) * GAP;
  const out = new Uint8Array(outW * outH * c).fill(GAP_VALUE);
  for (let i = 0; i < images.n; i++) {
    const x0 = (i % columns) * (cellW + GAP);
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
