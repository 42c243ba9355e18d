// Rate limit for high-frequency events (train.step, job.progress): at most one delivery per
// interval per key, and the last event of a burst is always delivered (trailing edge), either when
// the interval has passed or when the job ends (flush).

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface KeyState {
  last: number;
  pending: (() => void) | null;
  timer: unknown;
}

export class Throttle {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly intervalMs = 50,
    private readonly clock: Clock = realClock,
  ) {}

  push(key: string, deliver: () => void): void {
    let st = this.keys.get(key);
    if (!st) {
      st = { last: -Infinity, pending: null, timer: null };
      this.keys.set(key, st);
    }
    const t = this.clock.now();
    if (st.pending === null && t - st.last >= this.intervalMs) {
      st.last = t;
      deliver();
      return;
    }
    st.pending = deliver;
    if (st.timer === null)
      st.timer = this.clock.setTimeout(() => this.fire(key), Math.max(0, st.last + this.intervalMs - t));
  }

  /** Delivers what is pending for the key now and forgets it (the job is over). */
  flush(key: string): void {
    const st = this.keys.get(key);
    if (!st) return;
    if (st.timer !== null) this.clock.clearTimeout(st.timer);
    this.keys.delete(key);
    st.pending?.();
  }

  /** Drops everything pending (service closing). */
  clear(): void {
    for (const st of this.keys.values()) if (st.timer !== null) this.clock.clearTimeout(st.timer);
    this.keys.clear();
  }

  private fire(key: string): void {
    const st = this.keys.get(key);
    if (!st) return;
    st.timer = null;
    const deliver = st.pending;
    st.pending = null;
    if (deliver) {
      st.last = this.clock.now();
      deliver();
    }
  }
}
