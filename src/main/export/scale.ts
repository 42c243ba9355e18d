// Nearest-neighbour scaling of one-byte-per-pixel bitmaps (palette indices), so pixels stay crisp.

/** The output size for `size` on the longer side, keeping the aspect ratio. */
export function fitSize(width: number, height: number, size: number): { width: number; height: number } {
  if (width >= height) return { width: size, height: Math.max(1, Math.round((size * height) / width)) };
  return { width: Math.max(1, Math.round((size * width) / height)), height: size };
}

export function scaleNearest(src: Uint8Array, width: number, height: number, outW: number, outH: number): Uint8Array {
  const out = new Uint8Array(outW * outH);
  const xs = Uint32Array.from({ length: outW }, (_, x) => Math.min(width - 1, Math.floor((x * width) / outW)));
  for (let y = 0; y < outH; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / outH)) * width;
    const base = y * outW;
    for (let x = 0; x < outW; x++) out[base + x] = src[row + xs[x]!]!;
  }
  return out;
}
