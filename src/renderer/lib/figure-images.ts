// The "Figure images" field: dataset indices separated by commas or spaces, 1..FIGURE_MAX_IMAGES of
// them, each an image of the open dataset. Returns the indices or the sentence to show.
import { FIGURE_MAX_IMAGES } from '../../shared/contract';

export function parseFigureImages(text: string, count: number): number[] | string {
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  if (parts.length === 0) return 'Name at least one image index, e.g. "3, 7".';
  if (parts.length > FIGURE_MAX_IMAGES) return `At most ${FIGURE_MAX_IMAGES} images per figure (got ${parts.length}).`;
  const out: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n >= count) return `"${p}" is not an image of this dataset (0..${count - 1}).`;
    out.push(n);
  }
  return out;
}
