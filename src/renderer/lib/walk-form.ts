// The latent walk's Steps and ± prior σ fields. Steps stops at 21 because 21 cells are what fit a row of the
// walk card at 1× beside the row's label and buttons; out-of-range values are refused with a message,
// never silently clamped (the grid on screen, the PNG and the GIFs all use exactly what was typed).

export const WALK_LIMITS = {
  steps: { min: 2, max: 21 },
  span: { min: 0.5, max: 6 },
} as const;

export type WalkField = keyof typeof WALK_LIMITS;

export type WalkFormResult =
  | { ok: true; steps: number; span: number; errors: Partial<Record<WalkField, string>> }
  | { ok: false; errors: Partial<Record<WalkField, string>> };

function toNumber(v: number | string | null): number {
  if (typeof v === 'number') return v;
  return v === null || v.trim() === '' ? NaN : Number(v);
}

export function validateWalkForm(form: {
  steps: number | string | null;
  span: number | string | null;
}): WalkFormResult {
  const errors: Partial<Record<WalkField, string>> = {};
  const steps = toNumber(form.steps);
  const span = toNumber(form.span);
  const s = WALK_LIMITS.steps;
  const p = WALK_LIMITS.span;
  if (!Number.isInteger(steps) || steps < s.min || steps > s.max)
    errors.steps = `Steps must be a whole number from ${s.min} to ${s.max} (the cells that fit a row).`;
  if (!Number.isFinite(span) || span < p.min || span > p.max)
    errors.span = `± prior σ must be a number from ${p.min} to ${p.max}.`;
  if (errors.steps || errors.span) return { ok: false, errors };
  return { ok: true, steps, span, errors };
}
