import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../shared/contract.js';
import { parseCli, UsageError, type Command, type TrainCommand } from './args.js';
import { COMMANDS, usage } from './usage.js';

function usageError(argv: string[]): UsageError {
  try {
    parseCli(argv);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseCli', () => {
  it('gives the overview for no arguments, --help and help', () => {
    expect(parseCli([])).toEqual({ cmd: 'help', topic: null });
    expect(parseCli(['--help'])).toEqual({ cmd: 'help', topic: null });
    expect(parseCli(['-h'])).toEqual({ cmd: 'help', topic: null });
    expect(parseCli(['help', 'gif'])).toEqual({ cmd: 'help', topic: 'gif' });
    expect(parseCli(['train', '--help'])).toEqual({ cmd: 'help', topic: 'train' });
    expect(parseCli(['grid', '-h', '--kind', 'nonsense'])).toEqual({ cmd: 'help', topic: 'grid' });
  });

  it('fills train defaults from DEFAULT_TRAIN_CONFIG', () => {
    const c = parseCli(['train', '--data', 'builtin:mnist', '--out', 'm']);
    expect(c).toEqual({
      cmd: 'train',
      data: 'builtin:mnist',
      size: null,
      fit: 'crop',
      colour: 'auto',
      background: 'black',
      out: 'm',
      overwrite: false,
      report: null,
      config: DEFAULT_TRAIN_CONFIG,
    });
  });

  it('reads every train option', () => {
    const c = parseCli([
      'train',
      '--data=/d',
      '--arch',
      'conv',
      '--hidden',
      '512,256',
      '--latent',
      '4',
      '--epochs',
      '3',
      '--batch',
      '64',
      '--lr',
      '3e-4',
      '--beta',
      '0.5',
      '--loss',
      'mse',
      '--size',
      '48',
      '--fit',
      'pad',
      '--colour',
      'grey',
      '--background',
      'white',
      '--seed',
      '7',
      '--backend',
      'wasm',
      '--limit',
      '500',
      '--kl-warmup',
      '2',
      '--binarize',
      '--threads',
      '3',
      '--out',
      'o',
      '--overwrite',
      '--report',
      'r.json',
    ]);
    expect(c).toEqual({
      cmd: 'train',
      data: '/d',
      size: 48,
      fit: 'pad',
      colour: 'grey',
      background: 'white',
      out: 'o',
      overwrite: true,
      report: 'r.json',
      config: {
        arch: 'conv',
        hidden: [512, 256],
        filters: [32, 32, 64, 64],
        latent: 4,
        epochs: 3,
        batchSize: 64,
        learningRate: 3e-4,
        beta: 0.5,
        loss: 'mse',
        seed: 7,
        backend: 'wasm',
        limit: 500,
        klWarmupEpochs: 2,
        binarize: true,
        threads: 3,
      },
    } satisfies Command);
  });

  it('gives conv the β-VAE defaults (filters 32,32,64,64, dense 256) and reads --filters', () => {
    const base = ['train', '--data', 'd', '--out', 'o', '--arch', 'conv'];
    expect(parseCli(base)).toMatchObject({ config: { arch: 'conv', filters: [32, 32, 64, 64], hidden: [256] } });
    expect(parseCli([...base, '--filters', '16, 32,48', '--hidden', '128'])).toMatchObject({
      config: { filters: [16, 32, 48], hidden: [128] },
    });
    expect((parseCli(['train', '--data', 'd', '--out', 'o']) as TrainCommand).config.filters).toBeUndefined();
  });

  it('refuses image-folder sizes outside 16..128 and unknown fit, colour or background, naming what is allowed', () => {
    expect(usageError(['train', '--data', 'd', '--out', 'o', '--size', '15']).message).toBe(
      '--size: Image size must be a whole number from 16 to 128 (got 15).',
    );
    expect(usageError(['train', '--data', 'd', '--out', 'o', '--size', '129']).message).toBe(
      '--size: Image size must be a whole number from 16 to 128 (got 129).',
    );
    expect(parseCli(['train', '--data', 'd', '--out', 'o', '--size', '128'])).toMatchObject({ size: 128 });
    expect(usageError(['train', '--data', 'd', '--out', 'o', '--fit', 'stretch']).message).toBe(
      '--fit: Fit must be one of crop, pad (got "stretch").',
    );
    expect(usageError(['train', '--data', 'd', '--out', 'o', '--colour', 'grayscale']).message).toBe(
      '--colour: Colour must be one of auto, grey, rgb (got "grayscale").',
    );
    expect(usageError(['train', '--data', 'd', '--out', 'o', '--background', 'red']).message).toBe(
      '--background: Background must be one of black, white (got "red").',
    );
  });

  it('reads eval, gif, grid and serve', () => {
    expect(parseCli(['eval', '--model', 'm', '--data', 'builtin:mnist', '--iw-samples', '5'])).toEqual({
      cmd: 'eval',
      model: 'm',
      data: 'builtin:mnist',
      iwSamples: 5,
      backend: 'auto',
      report: null,
    });
    expect(
      parseCli([
        'gif',
        '--model',
        'm',
        '--data',
        'd',
        '--from',
        '3',
        '--to',
        '9',
        '--slerp',
        '--pingpong',
        '--out',
        'a.gif',
      ]),
    ).toEqual({
      cmd: 'gif',
      model: 'm',
      data: 'd',
      from: 3,
      to: 9,
      frames: 30,
      fps: 15,
      size: 256,
      slerp: true,
      pingpong: true,
      backend: 'auto',
      out: 'a.gif',
    });
    expect(
      parseCli(['grid', '--model', 'm', '--data', 'd', '--kind', 'walk', '--around', '12', '--out', 'g.png']),
    ).toEqual({ cmd: 'grid', model: 'm', data: 'd', kind: 'walk', around: 12, backend: 'auto', out: 'g.png' });
    expect(parseCli(['serve'])).toEqual({ cmd: 'serve', port: 0, host: '127.0.0.1', dataDir: null, roots: [] });
    expect(
      parseCli(['serve', '--port', '8080', '--host', '0.0.0.0', '--data-dir', '/x', '--root', '/a', '--root', '/b']),
    ).toEqual({
      cmd: 'serve',
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/x',
      roots: ['/a', '/b'],
    });
  });

  it.each([
    [['frobnicate'], null, /unknown command "frobnicate"/],
    [['--frob'], null, /unknown option --frob/],
    [['help', 'nope'], null, /unknown command "nope"/],
    [['train', '--data', 'd', '--out', 'o', '--frob'], 'train', /unknown option '--frob'/i],
    [['train', '--data', 'd', '--out', 'o', 'stray'], 'train', /stray/],
    [['train', '--out', 'o'], 'train', /missing --data/],
    [['train', '--data', 'd'], 'train', /missing --out/],
    [['train', '--data', 'd', '--out'], 'train', /--out/],
    [
      ['train', '--data', 'd', '--out', 'o', '--latent', '1'],
      'train',
      /--latent: Latent size must be a whole number from 2 to 128 \(got 1\)/,
    ],
    [['train', '--data', 'd', '--out', 'o', '--latent', '129'], 'train', /--latent/],
    [['train', '--data', 'd', '--out', 'o', '--epochs', '2.5'], 'train', /--epochs: Epochs must be a whole number/],
    [['train', '--data', 'd', '--out', 'o', '--epochs', '0'], 'train', /--epochs/],
    [['train', '--data', 'd', '--out', 'o', '--lr', '0'], 'train', /--lr: Learning rate must be a number above 0/],
    [['train', '--data', 'd', '--out', 'o', '--lr', 'fast'], 'train', /--lr/],
    [['train', '--data', 'd', '--out', 'o', '--beta', '-1'], 'train', /--beta/],
    [['train', '--data', 'd', '--out', 'o', '--arch', 'rnn'], 'train', /--arch: Architecture must be one of mlp, conv/],
    [['train', '--data', 'd', '--out', 'o', '--backend', 'cuda'], 'train', /--backend: Backend must be one of/],
    [['train', '--data', 'd', '--out', 'o', '--hidden', '512,,256'], 'train', /--hidden/],
    [['train', '--data', 'd', '--out', 'o', '--hidden', ' '], 'train', /--hidden: Hidden sizes must be 1 to 8/],
    [['train', '--data', 'd', '--out', 'o', '--kl-warmup=-1'], 'train', /--kl-warmup: KL warm-up epochs must be/],
    [['train', '--data', 'd', '--out', 'o', '--binarize=yes'], 'train', /binarize/],
    [['train', '--data', 'd', '--out', 'o', '--threads', '1.5'], 'train', /--threads/],
    [['train', '--data', 'd', '--out', 'o', '--threads', '65'], 'train', /--threads/],
    [['train', '--data', 'd', '--out', 'o', '--filters', '32,64'], 'train', /--filters applies to --arch conv/],
    [
      ['train', '--data', 'd', '--out', 'o', '--arch', 'conv', '--filters', '32,0'],
      'train',
      /--filters: Conv filters must be 1 to 7 whole numbers from 1 to 1024/,
    ],
    [
      ['train', '--data', 'd', '--out', 'o', '--arch', 'conv', '--filters', '8,8,8,8,8,8,8,8'],
      'train',
      /--filters: Conv filters must be 1 to 7 whole numbers/,
    ],
    [['train', '--data', 'd', '--out', 'o', '--slerp'], 'train', /--slerp/],
    [['eval', '--model', 'm', '--data', 'd', '--iw-samples', '0'], 'eval', /--iw-samples/],
    [['gif', '--model', 'm', '--data', 'd', '--to', '2', '--out', 'g'], 'gif', /missing --from/],
    [['gif', '--model', 'm', '--data', 'd', '--from', 'x', '--to', '2', '--out', 'g'], 'gif', /--from/],
    [
      ['gif', '--model', 'm', '--data', 'd', '--from', '1', '--to', '2', '--frames', '1', '--out', 'g'],
      'gif',
      /--frames/,
    ],
    [['gif', '--model', 'm', '--data', 'd', '--from', '1', '--to', '2', '--slerp=yes', '--out', 'g'], 'gif', /slerp/],
    [['grid', '--model', 'm', '--data', 'd', '--out', 'g'], 'grid', /missing --kind/],
    [['grid', '--model', 'm', '--data', 'd', '--kind', 'pie', '--out', 'g'], 'grid', /--kind must be one of/],
    [['grid', '--model', 'm', '--data', 'd', '--kind', 'samples', '--around', '3', '--out', 'g'], 'grid', /--around/],
    [['serve', '--port', '70000'], 'serve', /--port/],
  ] as const)('rejects %j', (argv, command, message) => {
    const err = usageError([...argv]);
    expect(err.command).toBe(command);
    expect(err.message).toMatch(message);
    expect(err.message).not.toMatch(/To specify a positional/);
  });
});

describe('parseCli import / export-onnx', () => {
  it('reads import with its defaults and every option', () => {
    expect(parseCli(['import', '--encoder', 'e.onnx', '--decoder', 'd.onnx', '--out', 'm'])).toEqual({
      cmd: 'import',
      encoder: 'e.onnx',
      decoder: 'd.onnx',
      out: 'm',
      name: null,
      inputRange: [0, 1],
      decoderOutput: 'logits',
      likelihood: 'bce',
      shape: null,
    });
    const argv = ['import', '--encoder', 'e', '--decoder', 'd', '--out', 'm', '--input-range', '-1,1'];
    expect(
      parseCli([...argv, '--decoder-output', 'probs', '--likelihood', 'mse', '--shape', '32x16x3', '--name', 'x']),
    ).toMatchObject({
      inputRange: [-1, 1],
      decoderOutput: 'probs',
      likelihood: 'mse',
      shape: { height: 32, width: 16, channels: 3 },
      name: 'x',
    });
    expect(parseCli(['export-onnx', '--model', 'm', '--out', 'o'])).toEqual({
      cmd: 'export-onnx',
      model: 'm',
      out: 'o',
    });
  });

  it('refuses a bad range, shape or output kind, and missing files, naming what is allowed', () => {
    const base = ['import', '--encoder', 'e', '--decoder', 'd', '--out', 'm'];
    expect(usageError([...base, '--input-range', '0,255']).message).toMatch(/0,1, -1,1/);
    expect(usageError([...base, '--shape', '28x28x2']).message).toMatch(/HxWxC with C 1 or 3/);
    expect(usageError([...base, '--decoder-output', 'tanh']).message).toMatch(/logits, probs/);
    expect(usageError(['import', '--encoder', 'e', '--out', 'm']).message).toBe('missing --decoder');
    expect(usageError(['export-onnx', '--model', 'm']).command).toBe('export-onnx');
  });
});

describe('usage', () => {
  it('has an overview naming every command and a text per command naming its options', () => {
    for (const c of COMMANDS) expect(usage(null)).toContain(`  ${c} `);
    expect(usage('train')).toContain('--kl-warmup');
    expect(usage('eval')).toContain('--iw-samples');
    expect(usage('gif')).toContain('--pingpong');
    expect(usage('grid')).toContain('--around');
    expect(usage('serve')).toContain('--data-dir');
  });
});
