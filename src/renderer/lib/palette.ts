// Label colours for the scatter and its legend: ten well-separated hues (Tableau 10), then evenly
// spaced hues for more labels; unlabelled points are grey.

const TABLEAU10 = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export const UNLABELLED = '#8a8f98';

export function labelColour(label: number, labelCount: number): string {
  if (label < 0) return UNLABELLED;
  if (labelCount <= TABLEAU10.length) return TABLEAU10[label % TABLEAU10.length]!;
  const hue = Math.round((label * 360) / labelCount);
  // Comma syntax: CSS reads both, three.js's Color (the scatter's points) only this one.
  return `hsl(${hue}, 65%, 58%)`;
}

/** '#rrggbb' → [r, g, b] in 0..1. (hsl colours are converted by the caller's THREE.Color.) */
export function hexToRgb01(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const v = parseInt(m[1]!, 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}
