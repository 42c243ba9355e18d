// Whether the current model can run on the current dataset: the service refuses every latent call with
// MODEL_INCOMPATIBLE when the image shapes differ, so the UI checks first and explains instead.
import type { DatasetInfo, ModelInfo } from '../../shared/contract';

type Shaped = Pick<DatasetInfo | ModelInfo, 'height' | 'width' | 'channels'>;

/** "28×28 grayscale", "32×32 RGB": how a person names an image shape. */
export function describeShape(s: Shaped): string {
  return `${s.width}×${s.height} ${s.channels === 1 ? 'grayscale' : 'RGB'}`;
}

export interface ShapeMismatch {
  model: string;
  dataset: string;
}

/** Null when the model fits the dataset (or either is missing), else both shapes in words. */
export function shapeMismatch(model: Shaped | null, dataset: Shaped | null): ShapeMismatch | null {
  if (!model || !dataset) return null;
  const fits = model.height === dataset.height && model.width === dataset.width && model.channels === dataset.channels;
  return fits ? null : { model: describeShape(model), dataset: describeShape(dataset) };
}
