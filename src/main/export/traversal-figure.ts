// The β-VAE-style traversal figure: for each of up to 8 images, a block of rows (latent dims ranked by
// KL) × columns (offsets along that dim); rows are labelled with the dim and its KL, columns with
// their offset in σ. Written as SVG (vector labels, each block embedded as a pixel-exact PNG) and, for
// PNG, rendered from that same SVG by sharp, so the two never disagree.
import sharp from 'sharp';
import { ContractError, FIGURE_MAX_IMAGES, type ImageBatch } from '../../shared/contract.js';
import { encodePngGrid } from './png-grid.js';

export interface TraversalFigure {
  /** One block per image: rows.length × values.length images, row-major. */
  blocks: { title: string; images: ImageBatch }[];
  rows: { dim: number; kl: number }[];
  /** Offset of each column, in units of σ. */
  values: number[];
  /** Pixel scale of each cell. */
  scale: number;
}

const GAP = 1;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(Math.abs(v) >= 1 ? 1 : 2));

export async function traversalSvg(f: TraversalFigure): Promise<string> {
  if (f.blocks.length < 1 || f.blocks.length > FIGURE_MAX_IMAGES) {
    throw new ContractError(
      'BAD_ARGUMENT',
      `A traversal figure shows 1 to ${FIGURE_MAX_IMAGES} images (got ${f.blocks.length}).`,
    );
  }
  const first = f.blocks[0]!.images;
  const cellW = first.width * f.scale;
  const cellH = first.height * f.scale;
  const steps = f.values.length;
  const font = Math.max(10, Math.min(16, Math.round(cellH * 0.3)));
  const labelW = Math.round(font * 7);
  const headH = Math.round(font * 3.2);
  const blockW = steps * cellW + (steps - 1) * GAP;
  const blockGap = Math.round(font * 1.5);
  const width = labelW + f.blocks.length * blockW + (f.blocks.length - 1) * blockGap + 8;
  const height = headH + f.rows.length * (cellH + GAP) + 4;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="${font}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  f.rows.forEach((r, i) => {
    const y = headH + i * (cellH + GAP) + cellH / 2 + font * 0.35;
    parts.push(`<text x="4" y="${y.toFixed(1)}" fill="#111111">z${r.dim} · KL ${fmt(r.kl)}</text>`);
  });
  for (let b = 0; b < f.blocks.length; b++) {
    const block = f.blocks[b]!;
    const x0 = labelW + b * (blockW + blockGap);
    const png = await encodePngGrid(block.images, steps, f.scale);
    parts.push(
      `<text x="${(x0 + blockW / 2).toFixed(1)}" y="${font * 1.2}" text-anchor="middle" font-weight="bold" fill="#111111">${escape(block.title)}</text>`,
    );
    f.values.forEach((v, s) => {
      const x = x0 + s * (cellW + GAP) + cellW / 2;
      parts.push(
        `<text x="${x.toFixed(1)}" y="${(headH - font * 0.5).toFixed(1)}" text-anchor="middle" font-size="${Math.round(font * 0.8)}" fill="#555555">${v > 0 ? '+' : v < 0 ? '−' : ''}${fmt(Math.abs(v))}σ</text>`,
      );
    });
    parts.push(
      `<image x="${x0}" y="${headH}" width="${blockW}" height="${f.rows.length * (cellH + GAP) - GAP}" style="image-rendering:pixelated" href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

export async function traversalPng(f: TraversalFigure): Promise<Uint8Array> {
  const svg = await traversalSvg(f);
  try {
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  } catch (error) {
    throw new ContractError('EXPORT_FAILED', `Could not render the traversal figure: ${(error as Error).message}`);
  }
}
