// Small numeric helpers of the bench.

/** Nearest-rank percentile of the samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function round(x: number, digits = 2): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

/** Milliseconds of each of `n` runs of fn, after `warmup` untimed runs. */
export async function timeRuns(n: number, warmup: number, fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** A measurement that could not run, and why (reported instead of a number). */
export interface Skipped {
  skipped: string;
}

export function skipped(reason: unknown): Skipped {
  const text = reason instanceof Error ? reason.message : String(reason);
  return { skipped: text.split('\n')[0]!.slice(0, 300) };
}
