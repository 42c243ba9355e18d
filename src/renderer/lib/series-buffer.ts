// Growable column buffers for uPlot: appending a point is O(1) amortised and setData gets typed-array
// views (no copies of the whole history on every training step).

export class SeriesBuffer {
  private cols: Float64Array[];
  private len = 0;

  constructor(
    readonly seriesCount: number,
    capacity = 256,
  ) {
    this.cols = Array.from({ length: seriesCount + 1 }, () => new Float64Array(Math.max(1, capacity)));
  }

  get length(): number {
    return this.len;
  }

  /** Appends x and one y per series (NaN for a missing value). */
  push(x: number, ...ys: number[]): void {
    if (ys.length !== this.seriesCount) throw new RangeError(`expected ${this.seriesCount} values, got ${ys.length}`);
    if (this.len === this.cols[0]!.length) this.grow();
    this.cols[0]![this.len] = x;
    ys.forEach((y, i) => (this.cols[i + 1]![this.len] = y));
    this.len++;
  }

  clear(): void {
    this.len = 0;
  }

  /** [x, y1, y2, …] as views of the filled part; valid until the next push. */
  data(): Float64Array[] {
    return this.cols.map((c) => c.subarray(0, this.len));
  }

  /** Last value of a series (0 = x), or null when empty. */
  last(series: number): number | null {
    return this.len === 0 ? null : this.cols[series]![this.len - 1]!;
  }

  private grow(): void {
    this.cols = this.cols.map((c) => {
      const next = new Float64Array(c.length * 2);
      next.set(c);
      return next;
    });
  }
}
