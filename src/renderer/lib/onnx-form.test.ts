import { describe, expect, it } from 'vitest';
import type { OnnxConventions } from '../../shared/contract';
import { DEFAULT_ONNX_FORM, describeConventions, fileNameOf, onnxOptions, suggestModelName } from './onnx-form';

describe('the ONNX import form', () => {
  it('sends the chosen options, an image shape only when one is typed, and refuses a shape it cannot read', () => {
    expect(onnxOptions(DEFAULT_ONNX_FORM)).toEqual({
      options: { inputRange: '0,1', decoderOutput: 'logits', likelihood: 'bce' },
    });
    expect(onnxOptions({ ...DEFAULT_ONNX_FORM, inputRange: '-1,1', shape: ' 32x16x3 ' })).toEqual({
      options: {
        inputRange: '-1,1',
        decoderOutput: 'logits',
        likelihood: 'bce',
        shape: { height: 32, width: 16, channels: 3 },
      },
    });
    const bad = onnxOptions({ ...DEFAULT_ONNX_FORM, shape: '28x28x2' });
    expect(bad).toEqual({ error: expect.stringMatching(/^Image shape must be HxWxC with C 1 or 3.*"28x28x2"/) });
  });

  it('names files and suggests a model name from the encoder folder', () => {
    expect(fileNameOf('/home/u/run/encoder.onnx')).toBe('encoder.onnx');
    expect(fileNameOf('C:\\models\\dec.onnx')).toBe('dec.onnx');
    expect(suggestModelName('/home/u/vae-run-3/encoder.onnx')).toBe('vae-run-3');
    expect(suggestModelName('enc.onnx')).toBe('enc');
  });

  it('says what was read from the graphs in README words', () => {
    const c: OnnxConventions = {
      height: 28,
      width: 28,
      channels: 1,
      latent: 4,
      inputLayout: 'flat',
      encoderOutputs: 'split',
      decoderLayout: 'nchw',
      inputRange: '-1,1',
      decoderOutput: 'probs',
      likelihood: 'mse',
    };
    expect(describeConventions(c)).toEqual([
      'Images 28 × 28 × 1 (grey), latent size 4',
      'Encoder input flat [n, 784], pixel values in [-1, 1]',
      'Encoder output [n, 8] read as [μ | log σ²]',
      'Decoder input z [n, 4], output [n, 1, 28, 28] as probabilities',
      'Likelihood Gaussian, σ = 1 (mse)',
    ]);
  });
});
