// Which points of the scatter get their image drawn in place of their dot (the Projector's sprite mode),
// and how big. A thumbnail is as wide as the typical gap between neighbouring points, seen at that point's
// distance from the camera: zoomed out the gaps are a few pixels and every point stays a dot; zoomed in,
// the nearest points open up into images (perspective: nearer is bigger). Pure, so it is tested without
// a GPU; the view calls it when the camera comes to rest, never per frame.

/** At most this many thumbnails at once: the points nearest the camera get them, the rest stay dots. */
export const THUMBNAIL_MAX = 300;
/** Thumbnails smaller than this (CSS px) would be unreadable: dots instead. */
export const THUMBNAIL_MIN_PX = 20;
/** And never larger than this, however far apart the points are. */
export const THUMBNAIL_MAX_PX = 112;
/** Points whose nearest-neighbour distance is measured for the typical gap (each against all points). */
const SPACING_SAMPLE = 64;

export interface ThumbnailChoice {
  /** Data indices, farthest from the camera first (nearer thumbnails are drawn over farther ones). */
  indices: number[];
  /** Side of each one's thumbnail, CSS px, in the same order. */
  sizes: number[];
}

export const noThumbnails = (): ThumbnailChoice => ({ indices: [], sizes: [] });

/**
 * The typical gap between neighbouring points of the cloud (n×3 positions): the median distance from
 * an even sample of points to their nearest other point. 0 for fewer than two points.
 */
export function typicalSpacing(positions: Float32Array): number {
  const n = Math.floor(positions.length / 3);
  if (n < 2) return 0;
  const m = Math.min(SPACING_SAMPLE, n);
  const gaps: number[] = [];
  for (let s = 0; s < m; s++) {
    const i = Math.floor((s * n) / m);
    const [x, y, z] = [positions[i * 3]!, positions[i * 3 + 1]!, positions[i * 3 + 2]!];
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = positions[j * 3]! - x;
      const dy = positions[j * 3 + 1]! - y;
      const dz = positions[j * 3 + 2]! - z;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < best) best = d;
    }
    gaps.push(Math.sqrt(best));
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(m / 2)]!;
}

/**
 * `xy`: per point its CSS-pixel position on the canvas (NaN: hidden or behind the camera); `depth`: its
 * distance in front of the camera; `gapPx`: the typical gap, in CSS px, seen at distance 1 (so at depth
 * d it is gapPx / d). Of the points on the canvas whose gap is at least THUMBNAIL_MIN_PX there, the
 * THUMBNAIL_MAX nearest the camera are chosen (by `distance` when given, e.g. straight-line distance,
 * which in 2-D, where every depth is the same, prefers the middle of the screen), each sized to its gap
 * (at most THUMBNAIL_MAX_PX).
 */
export function chooseThumbnails(
  xy: Float32Array,
  depth: Float32Array,
  width: number,
  height: number,
  gapPx: number,
  distance: Float32Array = depth,
): ThumbnailChoice {
  const n = depth.length;
  // Nearer than this, a point's gap is at least THUMBNAIL_MIN_PX.
  const maxDepth = gapPx / THUMBNAIL_MIN_PX;
  const near: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = xy[i * 2]!;
    const y = xy[i * 2 + 1]!;
    if (x >= 0 && x <= width && y >= 0 && y <= height && depth[i]! > 0 && depth[i]! <= maxDepth) near.push(i);
  }
  const indices = near
    .sort((a, b) => distance[a]! - distance[b]!)
    .slice(0, THUMBNAIL_MAX)
    .reverse();
  return { indices, sizes: indices.map((i) => Math.floor(Math.min(THUMBNAIL_MAX_PX, gapPx / depth[i]!))) };
}
