import { describe, expect, it } from 'vitest';
import { needsPointMarkers, xRange } from './chart-range';
import { SeriesBuffer } from './series-buffer';

describe('chart-range', () => {
  it('marks the points of a series with one value (a one-epoch run), not of a line', () => {
    const epochs = new SeriesBuffer(1);
    epochs.push(1, -120.5);
    expect(needsPointMarkers(epochs.data()[1]!)).toBe(true);
    epochs.push(2, -110);
    expect(needsPointMarkers(epochs.data()[1]!)).toBe(false);
    expect(needsPointMarkers(Float64Array.from([NaN, -100, NaN]))).toBe(true);
  });

  it('gives a single x room on both sides', () => {
    expect(xRange(1, 1)).toEqual([0, 2]);
    expect(xRange(1, 5)).toEqual([1, 5]);
    expect(xRange(null, null)).toEqual([0, 1]);
  });
});
