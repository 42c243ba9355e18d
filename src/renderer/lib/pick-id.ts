// Id-colour encoding for GPU picking: point i is drawn in the colour i+1 (24-bit RGB) into an off-screen
// render target; reading back the pixels under the mouse gives the index. 0 (black) is the background.

export const MAX_PICKABLE = 0xffffff - 1;

/** RGB floats 0..1 for point `index`, as a vertex colour attribute wants them. */
export function idToRgb(index: number): [number, number, number] {
  const id = index + 1;
  return [((id >> 16) & 255) / 255, ((id >> 8) & 255) / 255, (id & 255) / 255];
}

/** The index drawn as the bytes r, g, b, or -1 for the background. */
export function rgbToId(r: number, g: number, b: number): number {
  return ((r << 16) | (g << 8) | b) - 1;
}

/** A Float32Array of count*3 id colours, one per drawn slot: slot s carries the id order[s] (default s). */
export function idColours(count: number, order?: Uint32Array): Float32Array {
  if (count > MAX_PICKABLE) throw new RangeError(`cannot pick among more than ${MAX_PICKABLE} points`);
  const out = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const [r, g, b] = idToRgb(order ? order[i]! : i);
    out[i * 3] = r;
    out[i * 3 + 1] = g;
    out[i * 3 + 2] = b;
  }
  return out;
}

/**
 * The picked index in an RGBA readback of w×h pixels centred on the mouse: the non-background pixel
 * closest to the centre, or -1. Rows come bottom-up from WebGL, which does not matter for distances.
 */
export function pickNearest(pixels: Uint8Array, w: number, h: number): number {
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  let best = -1;
  let bestD = Infinity;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      const id = rgbToId(pixels[o]!, pixels[o + 1]!, pixels[o + 2]!);
      if (id < 0) continue;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = id;
      }
    }
  }
  return best;
}
