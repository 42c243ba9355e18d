// The shared argument validator: accepts well-formed arguments, names the field on bad ones.
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, DEFAULT_TRAIN_CONFIG } from './contract.js';
import { GIF_PIXEL_BUDGET, gifMaxSize } from './gif-budget.js';
import { validateCallArg } from './validate.js';

function codeAndMessage(f: () => unknown): [string, string] {
  try {
    f();
  } catch (e) {
    const err = e as { code: string; message: string };
    return [err.code, err.message];
  }
  return ['none', ''];
}

describe('validateCallArg', () => {
  it('accepts well-formed arguments and drops unknown fields', () => {
    expect(validateCallArg('train.start', { config: DEFAULT_TRAIN_CONFIG, jobId: 'j', extra: 1 } as never)).toEqual({
      config: DEFAULT_TRAIN_CONFIG,
      jobId: 'j',
    });
    const z = new Float32Array(4);
    expect(validateCallArg('latent.decode', { z: { data: z, rows: 2, cols: 2 } }).z.data).toBe(z);
    expect(
      validateCallArg('dataset.open', {
        source: { kind: 'folder', path: '/tmp/x' },
        options: { size: 32 },
        jobId: 'j',
      }),
    ).toEqual({
      source: { kind: 'folder', path: '/tmp/x' },
      options: { size: 32 },
      jobId: 'j',
    });
    expect(validateCallArg('model.open', { path: '/m' })).toEqual({ path: '/m' });
    expect(validateCallArg('app.info', undefined)).toBeUndefined();
  });

  it('checks image-folder options at the boundary, naming the allowed values', () => {
    const open = (options: object): [string, string] =>
      codeAndMessage(() =>
        validateCallArg('dataset.open', { source: { kind: 'folder', path: '/x' }, options, jobId: 'j' }),
      );
    expect(open({ size: 8 })).toEqual(['BAD_ARGUMENT', 'Image size must be a whole number from 16 to 128 (got 8).']);
    expect(open({ size: 129 })[1]).toContain('from 16 to 128');
    expect(open({ fit: 'stretch' })[1]).toBe('Fit must be one of crop, pad (got "stretch").');
    expect(open({ colour: 'grayscale' })[1]).toContain('Colour must be one of auto, grey, rgb');
    expect(open({ background: 'red' })[1]).toContain('Background must be one of black, white');
    const ok = { size: 128, fit: 'pad', colour: 'grey', background: 'white' };
    expect(
      validateCallArg('dataset.open', { source: { kind: 'folder', path: '/x' }, options: ok, jobId: 'j' }).options,
    ).toEqual(ok);
  });

  it('has a validator for every call', () => {
    for (const name of CALL_NAMES) expect(codeAndMessage(() => validateCallArg(name, 42))[0]).toBe('BAD_ARGUMENT');
  });

  it.each([
    [
      'train.start',
      { config: { ...DEFAULT_TRAIN_CONFIG, latent: 1 }, jobId: 'j' },
      /^Latent size must be a whole number from 2 to 128 \(got 1\)\.$/,
    ],
    [
      'train.start',
      { config: { ...DEFAULT_TRAIN_CONFIG, backend: 'gpu' }, jobId: 'j' },
      /Backend must be one of auto, /,
    ],
    [
      'train.start',
      { config: { ...DEFAULT_TRAIN_CONFIG, learningRate: 0 }, jobId: 'j' },
      /^Learning rate must be a number above 0 and at most 10 \(got 0\)/,
    ],
    [
      'train.start',
      { config: { ...DEFAULT_TRAIN_CONFIG, arch: 'conv', filters: [32, 0] }, jobId: 'j' },
      /^Conv filters must be 1 to 7 whole numbers/,
    ],
    ['dataset.open', { source: { kind: 'folder' }, jobId: 'j' }, /source\.path must be a non-empty text/],
    ['dataset.open', { source: { kind: 'builtin', name: 'mnist' } }, /jobId/],
    [
      'latent.decode',
      { z: { data: new Float32Array(3), rows: 2, cols: 2 } },
      /z\.data must be of length rows×cols = 4/,
    ],
    [
      'latent.walk',
      { base: { kind: 'image', index: -1 }, steps: 5, span: 3 },
      /^Base image must be a whole number from 0 up \(got -1\)/,
    ],
    // Item 20: the Explore tab's A/B fields send what the person typed; the message names the field.
    ['latent.neighbours', { index: null, k: 10 }, /^Image A must be a whole number from 0 up \(got nothing\)\.$/],
    ['latent.interpolate', { from: 0, to: 1.5, ts: [0], mode: 'linear' }, /^Image B must be a whole number/],
    ['train.start', { config: { ...DEFAULT_TRAIN_CONFIG, hidden: [] }, jobId: 'j' }, /^Hidden sizes must be 1 to 8/],
    ['latent.project', { spec: { method: 'tsne' } }, /spec\.method must be one of 'pca', 'dims', 'umap'/],
    ['model.delete', { id: '../../etc' }, /id must be a model id/],
    [
      'export.gif',
      {
        source: { kind: 'walk', dim: 0, base: { kind: 'origin' }, span: 3 },
        options: { frames: 1, fps: 10, size: 64, pingpong: false },
      },
      /^Frames must be a whole number from 2 to 1000 \(got 1\)/,
    ],
  ] as const)('%s: %j', (name, arg, message) => {
    const [code, msg] = codeAndMessage(() => validateCallArg(name, arg));
    expect(code).toBe('BAD_ARGUMENT');
    expect(msg).toMatch(message);
  });

  it('refuses a GIF over the one pixel budget with its numbers, each field being within its own range', () => {
    const gif = (frames: number, size: number, pingpong: boolean): unknown => ({
      source: { kind: 'interpolation', from: 0, to: 1, mode: 'linear' },
      options: { frames, fps: 10, size, pingpong },
    });
    const [code, message] = codeAndMessage(() => validateCallArg('export.gif', gif(1000, 2048, false) as never));
    expect(code).toBe('BAD_ARGUMENT');
    expect(message).toContain('1000 frames at 2048 × 2048 px is 4,194,304,000 pixels');
    expect(message).toContain(`of at most ${GIF_PIXEL_BUDGET.toLocaleString('en-US')} pixels`);
    expect(message).toContain(`at most ${gifMaxSize(1000, false)} px`);
    // The largest size that fits is accepted; one pixel more is not.
    const max = gifMaxSize(1000, false);
    expect(() => validateCallArg('export.gif', gif(1000, max, false) as never)).not.toThrow();
    expect(codeAndMessage(() => validateCallArg('export.gif', gif(1000, max + 1, false) as never))[0]).toBe(
      'BAD_ARGUMENT',
    );
    expect(() => validateCallArg('export.gif', gif(60, 512, true) as never)).not.toThrow();
  });
});
