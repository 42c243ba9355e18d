// Validation of the training form: text fields → TrainConfig, with one message per invalid field.
import {
  CONV_FILTER_LIMITS,
  DEFAULT_CONV_FILTERS,
  DEFAULT_CONV_HIDDEN,
  DEFAULT_TRAIN_CONFIG,
  type BackendChoice,
  type TrainConfig,
} from '../../shared/contract';

export type TrainField =
  | 'hidden'
  | 'filters'
  | 'latent'
  | 'beta'
  | 'klWarmupEpochs'
  | 'learningRate'
  | 'batchSize'
  | 'epochs'
  | 'seed'
  | 'limit';

/** A number field's value: text as typed, or the number an <input type=number> binding gives (null when empty). */
export type FieldValue = string | number | null;

/** The form's values as typed by a person, plus the selects. */
export interface TrainForm {
  arch: TrainConfig['arch'];
  loss: TrainConfig['loss'];
  backend: BackendChoice;
  hidden: string;
  /** Conv only: channels per stride-2 convolution, e.g. "32, 32, 64, 64". */
  filters: string;
  /** Not a field of the form: carried through from the config it was made from. */
  threads?: number;
  latent: FieldValue;
  beta: FieldValue;
  klWarmupEpochs: FieldValue;
  learningRate: FieldValue;
  batchSize: FieldValue;
  epochs: FieldValue;
  seed: FieldValue;
  limit: FieldValue;
}

export function formFromConfig(c: TrainConfig): TrainForm {
  return {
    arch: c.arch,
    loss: c.loss,
    backend: c.backend,
    hidden: c.hidden.join(', '),
    filters: (c.filters ?? DEFAULT_CONV_FILTERS).join(', '),
    ...(c.threads !== undefined ? { threads: c.threads } : {}),
    latent: String(c.latent),
    beta: String(c.beta),
    klWarmupEpochs: String(c.klWarmupEpochs),
    learningRate: String(c.learningRate),
    batchSize: String(c.batchSize),
    epochs: String(c.epochs),
    seed: String(c.seed),
    limit: String(c.limit),
  };
}

const defaultHidden = (arch: TrainConfig['arch']): string =>
  (arch === 'conv' ? DEFAULT_CONV_HIDDEN : DEFAULT_TRAIN_CONFIG.hidden).join(', ');

/** Switches the architecture; hidden sizes still at the old one's default take the new one's. */
export function withArch(f: TrainForm, arch: TrainConfig['arch']): TrainForm {
  const untouched = f.hidden.replace(/\s+/g, '') === defaultHidden(f.arch).replace(/\s+/g, '');
  return { ...f, arch, hidden: untouched ? defaultHidden(arch) : f.hidden };
}

const intList = (text: string): number[] | null => {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const list = parts.map(Number);
  return list.every((v) => Number.isInteger(v)) ? list : null;
};

export type ValidationResult =
  | { ok: true; config: TrainConfig; errors: Partial<Record<TrainField, string>> }
  | { ok: false; config: null; errors: Partial<Record<TrainField, string>> };

function num(value: FieldValue): number {
  const text = String(value ?? '').trim();
  return text === '' ? NaN : Number(text);
}

export function validateTrainForm(f: TrainForm): ValidationResult {
  const errors: Partial<Record<TrainField, string>> = {};
  const int = (field: TrainField, text: FieldValue, min: number, max: number): number => {
    const v = num(text);
    if (!Number.isInteger(v) || v < min || v > max) errors[field] = `a whole number from ${min} to ${max}`;
    return v;
  };
  const real = (field: TrainField, text: FieldValue, min: number, max: number, open = false): number => {
    const v = num(text);
    if (!Number.isFinite(v) || v > max || (open ? v <= min : v < min)) {
      errors[field] = open ? `a number above ${min}, at most ${max}` : `a number from ${min} to ${max}`;
    }
    return v;
  };

  const parts = f.hidden.split(/[\s,]+/).filter((p) => p !== '');
  const hidden = parts.map(Number);
  if (parts.length === 0 || parts.length > 4 || hidden.some((h) => !Number.isInteger(h) || h < 8 || h > 4096)) {
    errors.hidden = '1 to 4 layer sizes from 8 to 4096, e.g. "512" or "512, 256"';
  }
  const { maxLayers, maxWidth } = CONV_FILTER_LIMITS;
  const filters = f.arch === 'conv' ? intList(f.filters) : null;
  if (
    f.arch === 'conv' &&
    (!filters || !filters.length || filters.length > maxLayers || filters.some((v) => v < 1 || v > maxWidth))
  )
    errors.filters = `1 to ${maxLayers} channel counts from 1 to ${maxWidth}, e.g. "32, 32, 64, 64"`;
  const config: TrainConfig = {
    arch: f.arch,
    loss: f.loss,
    backend: f.backend,
    hidden,
    latent: int('latent', f.latent, 2, 128),
    beta: real('beta', f.beta, 0, 100),
    klWarmupEpochs: int('klWarmupEpochs', f.klWarmupEpochs, 0, 1000),
    learningRate: real('learningRate', f.learningRate, 0, 1, true),
    batchSize: int('batchSize', f.batchSize, 1, 4096),
    epochs: int('epochs', f.epochs, 1, 10000),
    seed: int('seed', f.seed, 0, 2 ** 31 - 1),
    limit: int('limit', f.limit, 0, 10_000_000),
    ...(filters ? { filters } : {}),
    ...(f.threads !== undefined ? { threads: f.threads } : {}),
  };
  return Object.keys(errors).length === 0 ? { ok: true, config, errors } : { ok: false, config: null, errors };
}
