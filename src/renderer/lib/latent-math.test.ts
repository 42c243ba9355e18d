import { describe, expect, it } from 'vitest';
import type { WalkGrid } from '../../shared/contract';
import { normalizePoints, splitActive, topIndices, walkCellCode } from './latent-math';
import { shortcutFor } from './shortcuts';
import { formatCount, formatEta, linspace01 } from './format';

describe('walkCellCode', () => {
  it('moves only the row dimension of the base by the step value', () => {
    const grid: WalkGrid = {
      images: { data: new Uint8Array(0), n: 0, height: 28, width: 28, channels: 1 },
      dims: [3, 0],
      kl: [2.5, 0.001],
      values: [-3, 0, 3],
      base: Float32Array.from([0.5, -1, 0, 2]),
    };
    expect(Array.from(walkCellCode(grid, 0, 2))).toEqual([0.5, -1, 0, 5]);
    expect(Array.from(walkCellCode(grid, 1, 0))).toEqual([-2.5, -1, 0, 2]);
    expect(Array.from(grid.base)).toEqual([0.5, -1, 0, 2]);
    expect(() => walkCellCode(grid, 2, 0)).toThrow(RangeError);
  });

  it('splits rows by KL and ranks indices', () => {
    expect(splitActive([3, 0.5, 0.009, 0.01])).toEqual({ active: [0, 1, 3], inactive: [2] });
    expect(topIndices([0.1, 5, 2, 5], 3)).toEqual([1, 3, 2]);
  });
});

describe('normalizePoints', () => {
  it('centres the cloud and scales it to unit radius, ignoring non-finite values', () => {
    const n = 200;
    const data = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) data.set([10 + Math.cos(i) * 4, -5 + Math.sin(i) * 4, 7], i * 3);
    data[0] = NaN;
    const out = normalizePoints({ data, rows: n, cols: 3 });
    let maxR = 0;
    const mean = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      maxR = Math.max(maxR, Math.hypot(out[i * 3]!, out[i * 3 + 1]!, out[i * 3 + 2]!));
      for (let c = 0; c < 3; c++) mean[c]! += out[i * 3 + c]! / n;
    }
    expect(out.every(Number.isFinite)).toBe(true);
    for (const m of mean) expect(Math.abs(m)).toBeLessThan(1e-4);
    expect(maxR).toBeGreaterThan(0.9);
    expect(maxR).toBeLessThan(3);
  });
});

describe('shortcuts and formatting', () => {
  const key = (k: string, tag = 'BODY', role: string | null = null) =>
    shortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, targetTag: tag, targetRole: role });

  it('maps keys to actions but not while typing', () => {
    expect(key('3')).toBe('tab-explore');
    expect(key(' ')).toBe('play');
    expect(key('a', 'INPUT', 'number')).toBeNull();
    expect(key('a', 'INPUT', 'range')).toBe('set-a');
    expect(key('ArrowLeft', 'INPUT', 'range')).toBeNull();
    expect(key(' ', 'BUTTON')).toBeNull();
    expect(shortcutFor({ key: 't', ctrlKey: true, metaKey: false, altKey: false, targetTag: 'BODY' })).toBeNull();
  });

  it('formats counts, ETAs and spacing', () => {
    expect(formatCount(10000)).toBe('10,000');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(null)).toBe('—');
    expect(linspace01(5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});
