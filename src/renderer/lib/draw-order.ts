// The order points are drawn in. Large clouds are drawn without a depth test (see scatter-view.ts),
// so the last-drawn point wins each pixel: a seeded shuffle keeps any one label from being painted
// over all the others, and the same data always looks the same.

/** A seeded permutation of 0..count-1 (slot → data index). */
export function shuffledOrder(count: number, seed = 0x5ca7): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let s = seed >>> 0;
  for (let i = count - 1; i > 0; i--) {
    // xorshift32: fast and good enough for a visual shuffle.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

export function identityOrder(count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

/** data index → slot. */
export function inverseOrder(order: Uint32Array): Uint32Array {
  const inv = new Uint32Array(order.length);
  for (let slot = 0; slot < order.length; slot++) inv[order[slot]!] = slot;
  return inv;
}

/** Rows of `width` floats rearranged into draw order: out[slot] = rows[order[slot]]. */
export function permuteRows(rows: Float32Array, order: Uint32Array, width: number): Float32Array {
  const out = new Float32Array(order.length * width);
  for (let slot = 0; slot < order.length; slot++) {
    const from = order[slot]! * width;
    for (let k = 0; k < width; k++) out[slot * width + k] = rows[from + k]!;
  }
  return out;
}
