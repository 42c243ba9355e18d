// From projection columns to the scatter's normalised positions, and back (for decoding a place).
// 'shared' keeps the axes' true proportions (one scale, 99th-percentile radius 1); 'per-axis' scales
// each axis on its own so a component with 1% of the variance still spreads the cloud (no collapse
// to a line). A 2-D layout puts every point at z = 0.

export type AxisScaling = 'shared' | 'per-axis';

export interface Layout {
  /** n×3, normalised. */
  positions: Float32Array;
  /** position[c] = (value − centre[c]) / scale[c]; for 2-D, axis 2 is unused. */
  centre: [number, number, number];
  scale: [number, number, number];
}

/** The 99th percentile of |values| (a few outliers do not shrink the cloud); 1 when it is 0. */
function spread(values: Float32Array): number {
  const a = Float32Array.from(values, Math.abs).sort();
  return a[Math.min(a.length - 1, Math.floor(a.length * 0.99))] || 1;
}

export function layoutColumns(columns: Float32Array[], scaling: AxisScaling): Layout {
  const n = columns[0]?.length ?? 0;
  const centre: [number, number, number] = [0, 0, 0];
  const scale: [number, number, number] = [1, 1, 1];
  const centred = columns.slice(0, 3).map((col, c) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (Number.isFinite(col[i]!) ? col[i]! : 0) / n;
    centre[c] = mean;
    return Float32Array.from(col, (v) => (Number.isFinite(v) ? v - mean : 0));
  });
  if (scaling === 'per-axis') {
    centred.forEach((col, c) => (scale[c] = spread(col)));
  } else {
    const radius = new Float32Array(n);
    for (let i = 0; i < n; i++) radius[i] = Math.hypot(...centred.map((col) => col[i]!));
    scale.fill(spread(radius));
  }
  const positions = new Float32Array(n * 3);
  centred.forEach((col, c) => {
    for (let i = 0; i < n; i++) positions[i * 3 + c] = col[i]! / scale[c]!;
  });
  return { positions, centre, scale };
}

/** The projection value on axis c of a normalised position p. */
export function valueAt(layout: Layout, c: 0 | 1 | 2, p: number): number {
  return layout.centre[c] + p * layout.scale[c];
}
