// The GIF fields (Frames, fps, Size, Ping-pong) shared by the interpolation GIF and the walk rows' GIFs.
// Out-of-range values are refused with a message naming the field and its range, never clamped: the
// file a person gets has the settings they typed. The ranges are the contract's (GIF_LIMITS).
import { GIF_LIMITS, toContractError, type GifOptions } from '../../shared/contract';
import { checkGifBudget } from '../../shared/gif-budget';

export type GifField = 'frames' | 'fps' | 'size';
/** A number input's value: a number, or null/'' while empty or unparsable. */
export type GifFieldValue = number | string | null;

export interface GifForm {
  frames: GifFieldValue;
  fps: GifFieldValue;
  size: GifFieldValue;
  pingpong: boolean;
}

export type GifFormResult =
  | { ok: true; options: GifOptions; errors: Partial<Record<GifField, string>> }
  | { ok: false; errors: Partial<Record<GifField, string>> };

const LABELS: Record<GifField, { label: string; whole: boolean; unit: string }> = {
  frames: { label: 'Frames', whole: true, unit: '' },
  fps: { label: 'fps', whole: false, unit: '' },
  size: { label: 'Size', whole: true, unit: ' px' },
};

export const DEFAULT_GIF_FORM: GifForm = { frames: 20, fps: 10, size: 224, pingpong: true };

/** "Frames: 2–1000": the range a field accepts, shown beside it. */
export function gifFieldRange(field: GifField): string {
  const { min, max } = GIF_LIMITS[field];
  return `${min}–${max}${LABELS[field].unit}`;
}

export function validateGifForm(form: GifForm): GifFormResult {
  const errors: Partial<Record<GifField, string>> = {};
  const values = {} as Record<GifField, number>;
  for (const field of ['frames', 'fps', 'size'] as const) {
    const raw = form[field];
    const v = typeof raw === 'number' ? raw : raw === null || raw.trim() === '' ? NaN : Number(raw);
    const { label, whole } = LABELS[field];
    const { min, max } = GIF_LIMITS[field];
    if (!Number.isFinite(v) || v < min || v > max || (whole && !Number.isInteger(v)))
      errors[field] =
        `${label} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}${LABELS[field].unit}.`;
    values[field] = v;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  try {
    checkGifBudget(values.frames, values.size, form.pingpong);
  } catch (e) {
    return { ok: false, errors: { size: toContractError(e).message } };
  }
  return { ok: true, errors, options: { ...values, pingpong: form.pingpong } };
}
