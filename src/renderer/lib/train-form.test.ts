import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../shared/contract';
import { formFromConfig, validateTrainForm, withArch } from './train-form';

describe('validateTrainForm', () => {
  it('accepts the defaults unchanged', () => {
    const r = validateTrainForm(formFromConfig(DEFAULT_TRAIN_CONFIG));
    expect(r.ok).toBe(true);
    expect(r.config).toEqual(DEFAULT_TRAIN_CONFIG);
  });

  it('parses hidden sizes and numbers from an <input type=number> binding', () => {
    const f = { ...formFromConfig(DEFAULT_TRAIN_CONFIG), hidden: '512, 256', latent: 2, learningRate: '0.0005' };
    const r = validateTrainForm(f);
    expect(r.ok).toBe(true);
    expect(r.config?.hidden).toEqual([512, 256]);
    expect(r.config?.latent).toBe(2);
    expect(r.config?.learningRate).toBe(0.0005);
  });

  it('names each invalid field', () => {
    const f = {
      ...formFromConfig(DEFAULT_TRAIN_CONFIG),
      hidden: '512, x',
      latent: 1,
      learningRate: 0,
      batchSize: '12.5',
      epochs: null,
      beta: '-1',
    };
    const r = validateTrainForm(f);
    expect(r.ok).toBe(false);
    expect(Object.keys(r.errors).sort()).toEqual(['batchSize', 'beta', 'epochs', 'hidden', 'latent', 'learningRate']);
  });

  it('conv: takes filters, switches hidden sizes between the two default sets, names bad filters', () => {
    const mlp = formFromConfig(DEFAULT_TRAIN_CONFIG);
    const conv = withArch(mlp, 'conv');
    expect(conv.hidden).toBe('256');
    const r = validateTrainForm(conv);
    expect(r.config).toMatchObject({ arch: 'conv', hidden: [256], filters: [32, 32, 64, 64] });
    expect(withArch({ ...mlp, hidden: '300' }, 'conv').hidden).toBe('300');
    expect(withArch(conv, 'mlp').hidden).toBe('512');
    expect(validateTrainForm({ ...conv, filters: '16,32' }).config?.filters).toEqual([16, 32]);
    expect(validateTrainForm({ ...conv, filters: '16, 0' }).errors.filters).toMatch(
      /^Conv filters must be 1 to 7 whole numbers/,
    );
    // Left empty, the engine builds the β-VAE default.
    expect(validateTrainForm({ ...conv, filters: '' }).config?.filters).toBeUndefined();
    // The MLP ignores the filters field, even when it holds junk.
    expect(validateTrainForm({ ...mlp, filters: 'x' }).ok).toBe(true);
  });

  it('words each message with the label the form shows, never the internal name (item 20)', () => {
    const f = { ...formFromConfig(DEFAULT_TRAIN_CONFIG), learningRate: 0, klWarmupEpochs: '-2', hidden: '' };
    const { errors } = validateTrainForm(f);
    expect(errors.learningRate).toBe('Learning rate must be a number above 0 and at most 10 (got 0).');
    expect(errors.klWarmupEpochs).toMatch(/^KL warm-up epochs must be a whole number from 0 to 100,000 \(got -2\)\.$/);
    expect(errors.hidden).toMatch(/^Hidden sizes must be 1 to 8 whole numbers .* \(got nothing\)\.$/);
    for (const m of Object.values(errors)) expect(m).not.toMatch(/learningRate|klWarmupEpochs|config\./);
  });

  it('carries the binarise checkbox through', () => {
    const r = validateTrainForm({ ...formFromConfig(DEFAULT_TRAIN_CONFIG), binarize: true });
    expect(r.config?.binarize).toBe(true);
  });
});
