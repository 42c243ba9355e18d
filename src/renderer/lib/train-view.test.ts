import { describe, expect, it } from 'vitest';
import type { TrainSnapshot, TrainStep } from '../../shared/contract';
import { SeriesBuffer } from './series-buffer';
import { appendStep, fillSteps, outcomeLine } from './train-view';

const cols = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
const snapshot = (n: number): TrainSnapshot => ({
  state: 'running',
  jobId: 'train-1',
  config: null,
  epochs: 5,
  steps: {
    globalStep: cols(n, (i) => i + 1),
    loss: cols(n, (i) => 500 - i),
    recon: cols(n, (i) => 480 - i),
    kl: cols(n, () => 20),
  },
  lastStep: null,
  history: [],
  lastEpoch: null,
  result: null,
});
const step = (globalStep: number): TrainStep => ({
  jobId: 'train-1',
  epoch: 1,
  step: globalStep,
  stepsPerEpoch: 100,
  globalStep,
  loss: 1,
  elbo: -1,
  recon: 1,
  kl: 0,
  imagesPerSecond: 1,
  etaSeconds: 1,
});

describe('train-view', () => {
  it('rebuilds the step chart from the first step, replacing what a reopened page had', () => {
    const buffer = new SeriesBuffer(3);
    buffer.push(108, 1, 1, 1); // a late joiner's first live step
    fillSteps(buffer, snapshot(120));
    expect(buffer.length).toBe(120);
    expect(Array.from(buffer.data()[0]!.subarray(0, 2))).toEqual([1, 2]);
    expect(buffer.last(1)).toBe(381);
  });

  it('skips live steps the snapshot already holds and appends newer ones', () => {
    const buffer = new SeriesBuffer(3);
    fillSteps(buffer, snapshot(10));
    expect(appendStep(buffer, step(9))).toBe(false);
    expect(appendStep(buffer, step(10))).toBe(false);
    expect(appendStep(buffer, step(11))).toBe(true);
    expect(buffer.length).toBe(11);
  });

  it('says how a run ended', () => {
    expect(outcomeLine({ outcome: 'completed', imagesPerSecond: 4200 }, 3)).toBe(
      'Finished after 3 epochs · 4,200 images/s',
    );
    expect(outcomeLine({ outcome: 'stopped', imagesPerSecond: 10 }, 1)).toBe('Stopped after 1 epoch · 10 images/s');
    expect(outcomeLine({ outcome: 'cancelled', imagesPerSecond: 0 }, 0)).toBe('Cancelled after 0 epochs');
  });
});
