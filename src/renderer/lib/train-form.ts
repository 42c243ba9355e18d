// Validation of the training form: the typed values → TrainConfig, with one message per invalid field.
// Every rule and label comes from TRAIN_FIELDS (shared/train-fields.ts), the table the CLI and the
// service check against too, so the form accepts exactly what training accepts.
import {
  DEFAULT_CONV_FILTERS,
  DEFAULT_CONV_HIDDEN,
  DEFAULT_TRAIN_CONFIG,
  type TrainConfig,
} from '../../shared/contract';
import { FieldError } from '../../shared/schema';
import { TRAIN_FIELD_NAMES, TRAIN_FIELDS } from '../../shared/train-fields';

/** Settings chosen from a list or a checkbox: the form holds them as the config does. */
type Picked = 'arch' | 'loss' | 'backend' | 'binarize';

/** Settings typed as text (or bound to <input type=number>). */
export type TrainField = Exclude<keyof TrainConfig, Picked>;

/** A number field's value: text as typed, or the number an <input type=number> binding gives (null when empty). */
export type FieldValue = string | number | null;

/** The form's values as typed by a person, plus the selects and checkboxes. */
export type TrainForm = { [K in Picked]: TrainConfig[K] } & { hidden: string; filters: string } & {
  [K in Exclude<TrainField, 'hidden' | 'filters'>]: FieldValue;
};

export function formFromConfig(c: TrainConfig): TrainForm {
  const form: Record<string, unknown> = {};
  for (const key of TRAIN_FIELD_NAMES) {
    const v = c[key];
    // An optional list or number left out is an empty text field.
    form[key] = Array.isArray(v) ? v.join(', ') : typeof v === 'number' ? String(v) : (v ?? '');
  }
  // The conv filters field shows the β-VAE default when the config leaves them to the engine.
  if (form.filters === '') form.filters = DEFAULT_CONV_FILTERS.join(', ');
  return form as TrainForm;
}

const defaultHidden = (arch: TrainConfig['arch']): string =>
  (arch === 'conv' ? DEFAULT_CONV_HIDDEN : DEFAULT_TRAIN_CONFIG.hidden).join(', ');

/** Switches the architecture; hidden sizes still at the old one's default take the new one's. */
export function withArch(f: TrainForm, arch: TrainConfig['arch']): TrainForm {
  const untouched = f.hidden.replace(/\s+/g, '') === defaultHidden(f.arch).replace(/\s+/g, '');
  return { ...f, arch, hidden: untouched ? defaultHidden(arch) : f.hidden };
}

export type ValidationResult =
  | { ok: true; config: TrainConfig; errors: Partial<Record<keyof TrainConfig, string>> }
  | { ok: false; config: null; errors: Partial<Record<keyof TrainConfig, string>> };

export function validateTrainForm(f: TrainForm): ValidationResult {
  const errors: Partial<Record<keyof TrainConfig, string>> = {};
  const config: Record<string, unknown> = {};
  for (const key of TRAIN_FIELD_NAMES) {
    // Filters belong to the conv model only; the MLP ignores whatever the hidden field holds.
    if (key === 'filters' && f.arch !== 'conv') continue;
    const field = TRAIN_FIELDS[key];
    const value: unknown = f[key];
    try {
      // Typed fields are parsed from their text; lists and checkboxes hold the config's own values.
      const parsed =
        field.kind === 'int' || field.kind === 'number' || field.kind === 'intList'
          ? field.parse(String(value ?? ''))
          : field.check(value);
      if (parsed !== undefined) config[key] = parsed;
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      errors[key] = e.message;
    }
  }
  return Object.keys(errors).length === 0
    ? { ok: true, config: config as unknown as TrainConfig, errors }
    : { ok: false, config: null, errors };
}
