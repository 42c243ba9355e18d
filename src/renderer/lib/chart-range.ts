// What a line chart needs to show its first point: uPlot draws series as lines, so a series with one
// point (a one-epoch run, or a run stopped in its first epoch) draws nothing unless the point itself
// is marked, and an x range of zero width leaves no room to place it.

/** True when a series has fewer than two finite values: mark its points, a line cannot show them. */
export function needsPointMarkers(values: ArrayLike<number>): boolean {
  let finite = 0;
  for (let i = 0; i < values.length && finite < 2; i++) if (Number.isFinite(values[i])) finite++;
  return finite < 2;
}

/** The x range to draw: a single x value gets a unit of room either side, so its point lands inside. */
export function xRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  return min === max ? [min - 1, max + 1] : [min, max];
}
