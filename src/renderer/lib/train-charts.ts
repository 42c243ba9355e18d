// What the Train tab's charts plot and how their series are labelled (issue 10 item 23): the loss
// chart shows the objective minimised (recon + β·KL, β as warmed up), the ELBO chart −(recon + KL)
// unweighted, both exactly as the engine reports them (no arithmetic here).
import type { EpochMetrics, TrainStep } from '../../shared/contract';

export const STEP_SERIES = [
  { label: 'loss = recon + β·KL', colour: '#6ea8fe' },
  { label: 'reconstruction −log p(x|z)', colour: '#5bbf7a' },
  { label: 'KL', colour: '#f28e2b', axis: 'right' as const },
];

export const EPOCH_SERIES = [
  { label: 'test ELBO', colour: '#e15759' },
  { label: 'train ELBO', colour: '#8d96a5' },
];

/** x then one y per STEP_SERIES entry. */
export function stepRow(s: TrainStep): [number, number, number, number] {
  return [s.globalStep, s.loss, s.recon, s.kl];
}

/** x then one y per EPOCH_SERIES entry (NaN where there is no test split). */
export function epochRow(m: EpochMetrics): [number, number, number] {
  return [m.epoch, m.testElbo ?? NaN, m.elbo];
}
