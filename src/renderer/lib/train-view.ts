// The Train tab's charts and status rebuilt from the service's record of a run (train.snapshot), so
// a page opened mid-run shows the run from its first step, and live step events that overlap the
// snapshot are not drawn twice.
import type { TrainSnapshot, TrainStep } from '../../shared/contract';
import { formatCount } from './format';
import type { SeriesBuffer } from './series-buffer';

/** Refills the step chart's buffer (x = global step; loss, reconstruction, KL) from a snapshot. */
export function fillSteps(buffer: SeriesBuffer, snap: TrainSnapshot): void {
  buffer.clear();
  const { globalStep, loss, recon, kl } = snap.steps;
  for (let i = 0; i < globalStep.length; i++) buffer.push(globalStep[i]!, loss[i]!, recon[i]!, kl[i]!);
}

/** Appends a live step unless the buffer already has it (it came with the snapshot); true when added. */
export function appendStep(buffer: SeriesBuffer, s: TrainStep): boolean {
  const last = buffer.last(0);
  if (last !== null && s.globalStep <= last) return false;
  buffer.push(s.globalStep, s.loss, s.recon, s.kl);
  return true;
}

/** "Finished after 3 epochs · 4,200 images/s", the line the status shows when a run has ended. */
export function outcomeLine(result: NonNullable<TrainSnapshot['result']>, epochs: number): string {
  const word = { completed: 'Finished', stopped: 'Stopped', cancelled: 'Cancelled', failed: 'Failed' }[result.outcome];
  const rate = result.imagesPerSecond > 0 ? ` · ${formatCount(result.imagesPerSecond)} images/s` : '';
  return `${word} after ${epochs} epoch${epochs === 1 ? '' : 's'}${rate}`;
}
