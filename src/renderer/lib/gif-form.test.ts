import { describe, expect, it } from 'vitest';
import { GIF_LIMITS } from '../../shared/contract';
import { gifMaxSize } from '../../shared/gif-budget';
import { validateCallArg } from '../../shared/validate';
import { DEFAULT_GIF_FORM, gifFieldRange, validateGifForm } from './gif-form';

describe('validateGifForm', () => {
  it('passes the typed values through unchanged, never clamped', () => {
    const r = validateGifForm({ frames: 3, fps: 40, size: 1500, pingpong: false });
    expect(r).toMatchObject({ ok: true, options: { frames: 3, fps: 40, size: 1500, pingpong: false } });
  });

  it('refuses 0/0/0 with one message per field naming it and its range', () => {
    const r = validateGifForm({ frames: 0, fps: 0, size: 0, pingpong: true });
    expect(r.ok).toBe(false);
    expect(r.errors.frames).toBe('Frames must be a whole number from 2 to 1000.');
    expect(r.errors.fps).toBe('fps must be a number from 0.1 to 100.');
    expect(r.errors.size).toBe('Size must be a whole number from 8 to 2048 px.');
  });

  it('refuses empty fields and fractional frames', () => {
    const r = validateGifForm({ frames: 2.5, fps: null, size: '', pingpong: true });
    expect(Object.keys(r.errors).sort()).toEqual(['fps', 'frames', 'size']);
  });

  it('refuses a GIF over the pixel budget at Size, with the largest size that fits', () => {
    const r = validateGifForm({ frames: 1000, fps: 10, size: 2048, pingpong: false });
    expect(r.ok).toBe(false);
    expect(r.errors.size).toContain(`at most ${gifMaxSize(1000, false)} px`);
    expect(validateGifForm({ frames: 1000, fps: 10, size: gifMaxSize(1000, false), pingpong: false }).ok).toBe(true);
  });

  it('accepts exactly what the service accepts at both ends of each range', () => {
    for (const edge of ['min', 'max'] as const) {
      // The largest frames and size together are over the budget: the max edge of size is taken alone.
      const form = {
        frames: GIF_LIMITS.frames[edge],
        fps: GIF_LIMITS.fps[edge],
        size: edge === 'max' ? gifMaxSize(GIF_LIMITS.frames.max, true) : GIF_LIMITS.size.min,
        pingpong: true,
      };
      const r = validateGifForm(form);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const source = { kind: 'interpolation' as const, from: 0, to: 1, mode: 'linear' as const };
      expect(() => validateCallArg('export.gif', { source, options: r.options })).not.toThrow();
      expect(() =>
        validateCallArg('export.gif', {
          source,
          options: { ...r.options, frames: r.options.frames + (edge === 'max' ? 1 : -1) },
        }),
      ).toThrow();
    }
  });

  it('states each range as shown beside the fields', () => {
    expect([gifFieldRange('frames'), gifFieldRange('fps'), gifFieldRange('size')]).toEqual([
      '2–1000',
      '0.1–100',
      '8–2048 px',
    ]);
    expect(validateGifForm(DEFAULT_GIF_FORM).ok).toBe(true);
  });
});
