// Labelled fields of the calls other than train.start (whose settings are in train-fields.ts): the
// words a person sees next to each value, and its limits, shared by validate.ts and the CLI.
// Constraint: imports nothing at run time from Electron, Node or the DOM.

import {
  FOLDER_BACKGROUNDS,
  FOLDER_COLOURS,
  FOLDER_FITS,
  FOLDER_SIZE_MAX,
  FOLDER_SIZE_MIN,
  GIF_LIMITS,
  ONNX_DECODER_OUTPUTS,
  ONNX_INPUT_RANGES,
  ONNX_LIKELIHOODS,
  type OnnxImportOptions,
} from './contract.js';
import { boolField, choiceField, FieldError, intField, numberField } from './schema.js';
import { SEED_MAX } from './train-fields.js';

/** A dataset index (train images first, then test); the upper limit depends on the dataset, checked later. */
export const IMAGE_INDEX = intField('Image number', 0);
export const IMAGE_A = IMAGE_INDEX.named('Image A');
export const IMAGE_B = IMAGE_INDEX.named('Image B');
export const BASE_IMAGE = IMAGE_INDEX.named('Base image');

/** Latent sizes go up to 128 (train-fields.ts), so dimensions are 0..127; the model's own size is checked later. */
export const LATENT_DIM = intField('Latent dimension', 0, 127);

/** Offsets from the base code in units of the prior's σ (= 1): the walk and manifold span. */
export const SPAN = numberField('Span (± prior σ)', 0, 100, { aboveMin: true });

/** How an image folder is loaded (FolderOptions): the Data tab's fields and the CLI's folder flags. */
export const FOLDER_FIELDS = {
  size: intField('Image size', FOLDER_SIZE_MIN, FOLDER_SIZE_MAX),
  fit: choiceField('Fit', FOLDER_FITS),
  colour: choiceField('Colour', FOLDER_COLOURS),
  background: choiceField('Background', FOLDER_BACKGROUNDS),
  testFraction: numberField('Test fraction', 0, 0.9),
  seed: intField('Split seed', 0, SEED_MAX),
};

export const EVAL_FIELDS = {
  iwSamples: intField('Importance samples', 1, 10_000),
};

export const GIF_FIELDS = {
  frames: intField('Frames', GIF_LIMITS.frames.min, GIF_LIMITS.frames.max),
  fps: numberField('Frames per second', GIF_LIMITS.fps.min, GIF_LIMITS.fps.max),
  size: intField('GIF size (px)', GIF_LIMITS.size.min, GIF_LIMITS.size.max),
  pingpong: boolField('Ping-pong'),
};

export const WALK_FIELDS = {
  steps: intField('Walk steps', 2, 101),
  span: SPAN,
};

export const MANIFOLD_FIELDS = {
  steps: intField('Manifold steps', 2, 64),
  span: SPAN,
};

export const SAMPLE_FIELDS = {
  n: intField('Number of samples', 1, 1024),
  seed: intField('Sample seed', 0, SEED_MAX),
};

export const NEIGHBOURS_K = intField('Number of neighbours', 1, 1000);

/** The import options of an ONNX pair: the import dialog's fields and the CLI's import flags. */
export const ONNX_FIELDS = {
  inputRange: choiceField('Input range', ONNX_INPUT_RANGES),
  decoderOutput: choiceField('Decoder output', ONNX_DECODER_OUTPUTS),
  likelihood: choiceField('Likelihood', ONNX_LIKELIHOODS),
  /** "HxWxC", for an encoder that takes flat rows (the dialog's text, the CLI's --shape). */
  shapeLabel: 'Image shape',
  height: intField('Image height', 1, 4096),
  width: intField('Image width', 1, 4096),
};

/** "28x28x1" → the image shape of an ONNX import; a FieldError naming the rule otherwise. */
export function parseImageShape(text: string): NonNullable<OnnxImportOptions['shape']> {
  const refuse = (): never => {
    throw new FieldError(
      `${ONNX_FIELDS.shapeLabel} must be HxWxC with C 1 or 3 (height, width, channels), e.g. 28x28x1 (got "${text}").`,
    );
  };
  const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*[x×]\s*([13])\s*$/.exec(text) ?? refuse();
  try {
    return {
      height: ONNX_FIELDS.height.check(Number(m[1])),
      width: ONNX_FIELDS.width.check(Number(m[2])),
      channels: Number(m[3]) as 1 | 3,
    };
  } catch {
    return refuse();
  }
}
