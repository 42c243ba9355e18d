import { describe, expect, it } from 'vitest';
import { playPosition } from './play-path';

describe('playPosition', () => {
  it('moves t from A to B and back over one period, t always naming the frame shown', () => {
    const at = (ms: number) => playPosition(ms, 3000, 41);
    expect(at(0)).toEqual({ t: 0, frame: 0 });
    expect(at(750)).toEqual({ t: 0.5, frame: 20 });
    expect(at(1500)).toEqual({ t: 1, frame: 40 });
    expect(at(2250)).toEqual({ t: 0.5, frame: 20 });
    expect(at(3000)).toEqual({ t: 0, frame: 0 });
    for (let ms = 0; ms < 3000; ms += 37) {
      const p = at(ms);
      expect(Math.abs(p.t - p.frame / 40)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('starts where the slider stands', () => {
    expect(playPosition(0, 3000, 41, 0.5)).toEqual({ t: 0.5, frame: 20 });
    expect(playPosition(750, 3000, 41, 0.5)).toEqual({ t: 1, frame: 40 });
  });

  it('moves: two moments a quarter period apart show different t', () => {
    expect(playPosition(100, 3000, 40).t).not.toBe(playPosition(850, 3000, 40).t);
  });
});
