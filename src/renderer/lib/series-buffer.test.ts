import { describe, expect, it } from 'vitest';
import { SeriesBuffer } from './series-buffer';

describe('SeriesBuffer', () => {
  it('grows past its capacity and keeps every point in order', () => {
    const b = new SeriesBuffer(3, 2);
    for (let i = 0; i < 1000; i++) b.push(i, 500 - i * 0.1, 400 - i * 0.1, 20 + Math.sin(i));
    expect(b.length).toBe(1000);
    const [x, loss, recon, kl] = b.data();
    expect(x!.length).toBe(1000);
    expect(x![999]).toBe(999);
    expect(loss![10]).toBeCloseTo(499);
    expect(recon![999]).toBeCloseTo(300.1);
    expect(kl![0]).toBe(20);
    expect(b.last(2)).toBeCloseTo(300.1);
  });

  it('clears and rejects a wrong number of values', () => {
    const b = new SeriesBuffer(2);
    b.push(1, 2, 3);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.last(0)).toBeNull();
    expect(b.data()[0]!.length).toBe(0);
    expect(() => b.push(1, 2)).toThrow(RangeError);
  });
});
