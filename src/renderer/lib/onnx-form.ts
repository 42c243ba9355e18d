// The import dialog's options as the person sets them, and the words it shows for a pair's
// conventions. The choices and labels are the CLI's (shared/call-fields.ts ONNX_FIELDS).
import { parseImageShape } from '../../shared/call-fields';
import type { OnnxConventions, OnnxImportOptions, OnnxInputRange } from '../../shared/contract';
import { FieldError } from '../../shared/schema';

export interface OnnxForm {
  inputRange: OnnxInputRange;
  decoderOutput: NonNullable<OnnxImportOptions['decoderOutput']>;
  likelihood: NonNullable<OnnxImportOptions['likelihood']>;
  /** "HxWxC", or empty: read from the graphs. */
  shape: string;
}

export const DEFAULT_ONNX_FORM: OnnxForm = { inputRange: '0,1', decoderOutput: 'logits', likelihood: 'bce', shape: '' };

/** The options for the calls, or the message of a field that cannot be read. */
export function onnxOptions(f: OnnxForm): { options: OnnxImportOptions } | { error: string } {
  const options: OnnxImportOptions = {
    inputRange: f.inputRange,
    decoderOutput: f.decoderOutput,
    likelihood: f.likelihood,
  };
  if (f.shape.trim() === '') return { options };
  try {
    return { options: { ...options, shape: parseImageShape(f.shape) } };
  } catch (e) {
    if (e instanceof FieldError) return { error: e.message };
    throw e;
  }
}

/** The file's own name, from a POSIX or Windows path. */
export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/** A model name from where the encoder lies: its folder's name ("vae-run-3/encoder.onnx" → "vae-run-3"). */
export function suggestModelName(encoderPath: string): string {
  const parts = encoderPath.split(/[\\/]/).filter(Boolean);
  const folder = parts.at(-2);
  const stem = (parts.at(-1) ?? '').replace(/\.onnx$/i, '');
  return folder ?? (stem || 'imported');
}

/** One line per convention, in the words of README's ONNX section. */
export function describeConventions(c: OnnxConventions): string[] {
  const d = c.height * c.width * c.channels;
  const input = c.inputLayout === 'nchw' ? `[n, ${c.channels}, ${c.height}, ${c.width}]` : `flat [n, ${d}]`;
  const output = c.decoderLayout === 'nchw' ? `[n, ${c.channels}, ${c.height}, ${c.width}]` : `flat [n, ${d}]`;
  return [
    `Images ${c.height} × ${c.width} × ${c.channels} (${c.channels === 1 ? 'grey' : 'RGB'}), latent size ${c.latent}`,
    `Encoder input ${input}, pixel values in [${c.inputRange.replace(',', ', ')}]`,
    c.encoderOutputs === 'mu-logvar'
      ? `Encoder outputs μ and log σ², each [n, ${c.latent}]`
      : `Encoder output [n, ${2 * c.latent}] read as [μ | log σ²]`,
    `Decoder input z [n, ${c.latent}], output ${output} as ${c.decoderOutput === 'logits' ? 'logits' : 'probabilities'}`,
    `Likelihood ${c.likelihood === 'bce' ? 'Bernoulli (bce)' : 'Gaussian, σ = 1 (mse)'}`,
  ];
}
