import { describe, expect, it } from 'vitest';
import { identityOrder, inverseOrder, permuteRows, shuffledOrder } from './draw-order';

describe('draw order', () => {
  it('is a seeded permutation that actually moves points', () => {
    const a = shuffledOrder(70_000);
    expect(Array.from(shuffledOrder(70_000))).toEqual(Array.from(a));
    expect(new Set(a).size).toBe(70_000);
    expect(Math.min(...a)).toBe(0);
    expect(Math.max(...a)).toBe(69_999);
    const fixed = a.filter((v, i) => v === i).length;
    expect(fixed).toBeLessThan(100);
    // Labels drawn last are not all from one block of indices (e.g. one class at the end of a dataset).
    const lastThousand = Array.from(a.subarray(69_000));
    expect(lastThousand.filter((i) => i < 7_000).length).toBeGreaterThan(50);
  });

  it('inverts and permutes rows consistently', () => {
    const order = shuffledOrder(1000, 7);
    const inv = inverseOrder(order);
    for (let i = 0; i < 1000; i++) expect(order[inv[i]!]).toBe(i);
    const rows = new Float32Array(3000).map((_, k) => k);
    const moved = permuteRows(rows, order, 3);
    for (let slot = 0; slot < 1000; slot++) {
      expect(Array.from(moved.subarray(slot * 3, slot * 3 + 3))).toEqual([
        order[slot]! * 3,
        order[slot]! * 3 + 1,
        order[slot]! * 3 + 2,
      ]);
    }
    expect(Array.from(permuteRows(rows, identityOrder(1000), 3))).toEqual(Array.from(rows));
  });
});
