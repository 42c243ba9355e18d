// The traversal figure from real pixels: the SVG carries the row and column labels as text and each
// block as a pixel-exact PNG; the PNG is that SVG rendered, at the cells' scale.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ImageBatch } from '../../shared/contract.js';
import { traversalPng, traversalSvg, type TraversalFigure } from './traversal-figure.js';

/** rows×steps grey 4×4 cells, cell k filled with grey level 20·k. */
function block(rows: number, steps: number): ImageBatch {
  const n = rows * steps;
  const data = new Uint8Array(n * 16);
  for (let k = 0; k < n; k++) data.fill(20 * k, k * 16, (k + 1) * 16);
  return { data, n, height: 4, width: 4, channels: 1 };
}

const figure = (images: number): TraversalFigure => ({
  blocks: Array.from({ length: images }, (_, i) => ({ title: `image #${i}`, images: block(2, 3) })),
  rows: [
    { dim: 5, kl: 2.5 },
    { dim: 1, kl: 0.75 },
  ],
  values: [-3, 0, 3],
  scale: 8,
});

describe('traversal figure', () => {
  it('SVG: rows labelled with dim and KL, columns with σ, one embedded block per image', async () => {
    const svg = await traversalSvg(figure(2));
    expect(svg).toContain('z5 · KL 2.5');
    expect(svg).toContain('z1 · KL 0.75');
    expect(svg).toContain('−3.0σ');
    expect(svg).toContain('+3.0σ');
    expect(svg).toContain('image #1');
    expect(svg.match(/<image /g)).toHaveLength(2);
  });

  it('PNG: the blocks appear at the chosen scale with their grey levels', async () => {
    const png = await traversalPng(figure(1));
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    // The figure holds a 32×32 run of grey 20·k for each cell k (scale 8 of a 4-px cell).
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += info.channels) levels.add(data[i]!);
    for (let k = 0; k < 6; k++) expect(levels.has(20 * k)).toBe(true);
    expect(info.width).toBeGreaterThan(3 * 32);
  });

  it('refuses more than 8 images with a clear message', async () => {
    await expect(traversalSvg(figure(9))).rejects.toThrow(/1 to 8 images/);
  });
});
