// What the model's nats are nats of: the likelihood and the pixels it was trained and tested on.
// One sentence, shown wherever nats are (Train tab, CLI reports, README), so a number is never read
// as something it is not (issue 10 items 22, 24).
// Constraint: imports nothing at run time from Electron, Node or the DOM.

import type { TrainConfig } from './contract.js';

/**
 * σ of the Gaussian ('mse') likelihood, per pixel, pixels scaled to [0, 1]. Fixed (not learned), so
 * −log p(x|z) = Σ (x − x̂)² / 2σ² + D·log(σ√2π): ELBO and IW-NLL are log-likelihoods of this model.
 */
export const GAUSSIAN_SIGMA = 1;

export type PixelKind = 'grey-level' | 'binarised';

export function pixelKind(config: Pick<TrainConfig, 'binarize'>): PixelKind {
  return config.binarize ? 'binarised' : 'grey-level';
}

export function likelihoodNote(config: Pick<TrainConfig, 'loss' | 'binarize'>): string {
  const model =
    config.loss === 'mse'
      ? `Gaussian likelihood with fixed σ = ${GAUSSIAN_SIGMA} per pixel (pixels scaled to 0..1)`
      : 'Bernoulli likelihood';
  const pixels = config.binarize
    ? 'on binarised pixels (each training batch sampled anew, the test set binarised once with a fixed seed)'
    : 'on grey-level pixels (not binarised), so the nats are not comparable with binarised-MNIST results';
  return `Nats per image: ${model} ${pixels}.`;
}
