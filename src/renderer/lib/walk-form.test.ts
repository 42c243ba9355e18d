import { describe, expect, it } from 'vitest';
import { validateWalkForm, WALK_LIMITS } from './walk-form';

describe('validateWalkForm', () => {
  it('keeps what was typed when in range', () => {
    expect(validateWalkForm({ steps: 21, span: 6 })).toMatchObject({ ok: true, steps: 21, span: 6 });
    expect(validateWalkForm({ steps: '9', span: '0.5' })).toMatchObject({ ok: true, steps: 9, span: 0.5 });
  });

  it('refuses 1000 steps with a message stating the limit instead of drawing 21', () => {
    const r = validateWalkForm({ steps: 1000, span: 3 });
    expect(r.ok).toBe(false);
    expect(r.errors.steps).toContain(`from ${WALK_LIMITS.steps.min} to ${WALK_LIMITS.steps.max}`);
  });

  it('refuses empty, fractional and out-of-range values', () => {
    expect(validateWalkForm({ steps: null, span: 3 }).errors.steps).toBeDefined();
    expect(validateWalkForm({ steps: 7.5, span: 3 }).errors.steps).toBeDefined();
    expect(validateWalkForm({ steps: 7, span: 0 }).errors.span).toContain('from 0.5 to 6');
    expect(validateWalkForm({ steps: 7, span: '' }).errors.span).toBeDefined();
  });
});
