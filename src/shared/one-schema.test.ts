// Issue 10 item 26: the form, the CLI, the contract validation (and, for the settings that define the
// weights, the engine) accept and refuse the same training settings, because all read one schema.
// Probed at and around every limit any of them ever had (hidden ≤ 4096 / 8192 / 16384, seed ≤ 2³¹−1 /
// 2³²−1, empty hidden list, …).
import { describe, expect, it } from 'vitest';
import { parseCli } from '../main/cli/args.js';
import { validateConfig } from '../main/engine/model.js';
import { formFromConfig, validateTrainForm, type TrainForm } from '../renderer/lib/train-form.js';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './contract.js';
import { validateCallArg } from './validate.js';

/** The CLI's flags are its public interface: pinned here rather than read from the schema. */
const FLAGS: Partial<Record<keyof TrainConfig, string>> = {
  latent: 'latent',
  beta: 'beta',
  klWarmupEpochs: 'kl-warmup',
  learningRate: 'lr',
  batchSize: 'batch',
  epochs: 'epochs',
  seed: 'seed',
  limit: 'limit',
};

const NUMBERS = [
  -1,
  0,
  1e-9,
  0.5,
  1,
  1.5,
  2,
  3,
  8,
  10,
  100,
  127,
  128,
  129,
  1000,
  1001,
  4096,
  4097,
  8192,
  8193,
  10_000,
  10_001,
  16_384,
  16_385,
  65_536,
  65_537,
  100_000,
  100_001,
  10_000_000,
  10_000_001,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
];
const HIDDEN: number[][] = [
  [],
  [0],
  [1],
  [7],
  [8],
  [512],
  [4096],
  [4097],
  [8192],
  [8193],
  [16_384],
  [16_385],
  [512, 256],
  [64, 64, 64, 64],
  [64, 64, 64, 64, 64],
  [8, 8, 8, 8, 8, 8, 8, 8],
  [8, 8, 8, 8, 8, 8, 8, 8, 8],
];

const shape = { height: 28, width: 28, channels: 1 as const };

function accepts(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

/** Accept/refuse of one setting value by each of the four doors. */
function doors(key: keyof TrainConfig, value: number | number[]): Record<string, boolean> {
  const config = { ...DEFAULT_TRAIN_CONFIG, [key]: value };
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  const flag = key === 'hidden' ? 'hidden' : FLAGS[key]!;
  const form: TrainForm = { ...formFromConfig(DEFAULT_TRAIN_CONFIG), [key]: text };
  return {
    form: validateTrainForm(form).ok,
    cli: text !== '' && accepts(() => parseCli(['train', '--data', 'd', '--out', 'o', `--${flag}=${text}`])),
    service: accepts(() => validateCallArg('train.start', { config, jobId: 'j' })),
    // The engine checks the weight-defining settings only (a model trained under other limits opens).
    ...(key === 'latent' || key === 'hidden' ? { engine: accepts(() => validateConfig(config, shape)) } : {}),
  };
}

describe('one schema for the training settings', () => {
  it.each(Object.keys(FLAGS) as (keyof TrainConfig)[])('form, CLI, service and engine agree on %s', (key) => {
    for (const v of NUMBERS) {
      const d = doors(key, v);
      const all = Object.values(d);
      expect(
        all.every((x) => x === all[0]),
        `${key} = ${v}: ${JSON.stringify(d)}`,
      ).toBe(true);
    }
  });

  it('form, CLI, service and engine agree on the hidden sizes, the empty list included', () => {
    for (const h of HIDDEN) {
      const d = doors('hidden', h);
      const all = Object.values(d);
      expect(
        all.every((x) => x === all[0]),
        `hidden = [${h.join(', ')}]: ${JSON.stringify(d)}`,
      ).toBe(true);
    }
    expect(doors('hidden', [])).toEqual({ form: false, cli: false, service: false, engine: false });
  });
});
