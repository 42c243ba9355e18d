// Number and time formatting for the UI (one place, so all panels read the same).

const intFmt = new Intl.NumberFormat('en-US');

/** 10000 → "10,000". */
export function formatCount(n: number): string {
  return intFmt.format(Math.round(n));
}

/** Seconds → "42 s", "3 min 05 s", "1 h 02 min"; null/non-finite → "—". */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A metric with a sensible number of digits: 131.62, 0.0123, 1.2e-5. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(4);
}

let jobCounter = 0;
/** A caller-chosen job id, unique within this page. */
export function newJobId(prefix: string): string {
  jobCounter++;
  return `${prefix}-${Date.now().toString(36)}-${jobCounter}`;
}

/** n evenly spaced values from 0 to 1 inclusive (n ≥ 2), or [0] for n = 1. */
export function linspace01(n: number): number[] {
  if (n <= 1) return [0];
  return Array.from({ length: n }, (_, i) => i / (n - 1));
}
