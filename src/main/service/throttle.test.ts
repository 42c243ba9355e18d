// The event throttle on a manual clock: ≤ 1 delivery per interval per key, last one always delivered.
import { describe, expect, it } from 'vitest';
import { Throttle, type Clock } from './throttle.js';

function manualClock(): Clock & { advance(ms: number): void } {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  return {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => void (timers = timers.filter((x) => x.id !== id)),
    advance(ms) {
      t += ms;
      const due = timers.filter((x) => x.at <= t);
      timers = timers.filter((x) => x.at > t);
      for (const x of due) x.fn();
    },
  };
}

describe('Throttle', () => {
  it('delivers the first event at once, at most one per 50 ms, and always the last one', () => {
    const clock = manualClock();
    const th = new Throttle(50, clock);
    const got: number[] = [];
    // 1000 events/s for one second.
    for (let i = 0; i < 1000; i++) {
      th.push('train.step:a', () => got.push(i));
      clock.advance(1);
    }
    clock.advance(100);
    expect(got[0]).toBe(0);
    expect(got.at(-1)).toBe(999);
    expect(got.length).toBeLessThanOrEqual(21);
    expect(got.length).toBeGreaterThanOrEqual(19);
    expect(got).toEqual([...got].sort((a, b) => a - b));
  });

  it('keeps keys apart and flush delivers the pending last event at once', () => {
    const clock = manualClock();
    const th = new Throttle(50, clock);
    const got: string[] = [];
    th.push('a', () => got.push('a1'));
    th.push('b', () => got.push('b1'));
    th.push('a', () => got.push('a2'));
    th.push('a', () => got.push('a3'));
    expect(got).toEqual(['a1', 'b1']);
    th.flush('a');
    expect(got).toEqual(['a1', 'b1', 'a3']);
    clock.advance(1000);
    expect(got).toEqual(['a1', 'b1', 'a3']);
  });
});
