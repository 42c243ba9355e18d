// The training settings, one entry per TrainConfig field: its label, limits, CLI flag and help line.
// The form (renderer/lib/train-form.ts), the CLI (main/cli/args.ts, usage.ts), the contract validation
// (validate.ts) and the engine (engine/model.ts) all read this table, so a limit is written once.
// Adding a TrainConfig field = adding one entry here (the mapped type below refuses to compile
// without it); give it a default in DEFAULT_TRAIN_CONFIG. An optional field (`x?: T`) takes
// optionalField(...) from schema.ts: left out, it stays out.
// Constraint: imports nothing at run time from Electron, Node or the DOM.

import { CONV_FILTER_LIMITS, ContractError, MAX_TRAIN_THREADS, type TrainConfig } from './contract.js';
import {
  boolField,
  choiceField,
  FieldError,
  intField,
  intListField,
  numberField,
  optionalField,
  type Field,
} from './schema.js';

export interface CliField<T> extends Field<T> {
  /** The CLI flag without dashes ("lr" for --lr). */
  readonly flag: string;
  /** Placeholder of the flag's value in the help ("N", "X"); empty for an on/off flag. */
  readonly metavar: string;
  /** One help line, after the label; limits and the default are appended from the field. */
  readonly help: string;
}

function cli<T>(f: Field<T>, flag: string, metavar: string, help = ''): CliField<T> {
  return { ...f, flag, metavar, help };
}

/** Seeds are 32-bit: mulberry32 (engine/prng.ts) reads them as uint32. */
export const SEED_MAX = 2 ** 32 - 1;
export const BACKEND_CHOICES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

// The limits are the widest any door (form, CLI, service, engine) accepted before they were one
// table, so every model trained earlier still opens (loading checks its config against this too).
export type TrainFields = { readonly [K in keyof TrainConfig]-?: CliField<TrainConfig[K]> };

export const TRAIN_FIELDS: TrainFields = {
  arch: cli(
    choiceField('Architecture', ['mlp', 'conv'] as const),
    'arch',
    'mlp|conv',
    'conv = the β-VAE conv model (4×4 stride-2 convolutions), any image side',
  ),
  hidden: cli(
    intListField('Hidden sizes', { min: 1, max: 16_384 }, { min: 1, max: 8 }, '512, 256'),
    'hidden',
    '512[,256]',
    'MLP layers, mirrored by the decoder',
  ),
  filters: cli(
    optionalField(
      intListField(
        'Conv filters',
        { min: 1, max: CONV_FILTER_LIMITS.maxWidth },
        { min: 1, max: CONV_FILTER_LIMITS.maxLayers },
        '32, 32, 64, 64',
      ),
    ),
    'filters',
    'N[,N…]',
    'conv: one 4×4 stride-2 convolution per entry, each halving the side',
  ),
  latent: cli(intField('Latent size', 2, 128), 'latent', 'N', 'dimensions of the code z'),
  loss: cli(
    choiceField('Loss', ['bce', 'mse'] as const),
    'loss',
    'bce|mse',
    'reconstruction likelihood: bce = Bernoulli, mse = Gaussian with σ = 1',
  ),
  beta: cli(numberField('β (KL weight)', 0, 1000), 'beta', 'X', 'weight of the KL term in the loss'),
  klWarmupEpochs: cli(
    intField('KL warm-up epochs', 0, 100_000),
    'kl-warmup',
    'N',
    'epochs over which β ramps up from 0',
  ),
  learningRate: cli(numberField('Learning rate', 0, 10, { aboveMin: true }), 'lr', 'X', 'of Adam'),
  batchSize: cli(intField('Batch size', 1, 65_536), 'batch', 'N'),
  epochs: cli(intField('Epochs', 1, 100_000), 'epochs', 'N'),
  seed: cli(intField('Seed', 0, SEED_MAX), 'seed', 'N', 'of initialisation, shuffling and sampling'),
  backend: cli(choiceField('Backend', BACKEND_CHOICES), 'backend', 'NAME', 'auto = the first that works'),
  limit: cli(intField('Training images', 0), 'limit', 'N', 'train on the first N only; 0 = all'),
  threads: cli(
    optionalField(intField('Training threads', 0, MAX_TRAIN_THREADS)),
    'threads',
    'N',
    'that train in parallel on the wasm backend; 0 = all cores',
  ),
  binarize: cli(
    boolField('Binarise pixels'),
    'binarize',
    '',
    'each training batch sampled anew, the test set once with a fixed seed; makes nats comparable with binarised-MNIST results',
  ),
};

export const TRAIN_FIELD_NAMES = Object.keys(TRAIN_FIELDS) as (keyof TrainConfig)[];

/**
 * The settings that define a model's weights. The engine checks these when it builds or opens a
 * model; the training-only ones (learning rate, epochs, …) are checked where a run is asked for (form,
 * CLI, service), so a model trained under other limits still opens.
 */
export const MODEL_FIELD_NAMES = [
  'arch',
  'hidden',
  'filters',
  'latent',
  'loss',
] as const satisfies readonly (keyof TrainConfig)[];

/** The weight-defining fields of a config, by the same rules and messages as checkTrainConfig. */
export function checkModelConfig(config: TrainConfig): void {
  for (const key of MODEL_FIELD_NAMES) {
    try {
      TRAIN_FIELDS[key].check(config[key]);
    } catch (e) {
      if (e instanceof FieldError) throw new ContractError('BAD_ARGUMENT', e.message);
      throw e;
    }
  }
}

/**
 * Checks a whole TrainConfig (contract: train.start); unknown keys are dropped.
 * Throws ContractError BAD_ARGUMENT whose message names the field by its label.
 */
export function checkTrainConfig(value: unknown): TrainConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ContractError('BAD_ARGUMENT', 'The training settings must be an object.');
  const v = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of TRAIN_FIELD_NAMES) {
    try {
      const value = TRAIN_FIELDS[key].check(v[key]);
      // An optional setting left out stays out (not a key holding undefined).
      if (value !== undefined) out[key] = value;
    } catch (e) {
      if (e instanceof FieldError) throw new ContractError('BAD_ARGUMENT', e.message);
      throw e;
    }
  }
  return out as unknown as TrainConfig;
}
