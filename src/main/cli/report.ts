// The JSON report of train and eval (snake_case keys: it is read by scripts and other languages).
import { bitsPerDim } from '../../shared/bits-per-dim.js';
import type { BackendReport, EpochMetrics, FolderLoadReport, SkippedFile, TrainConfig } from '../../shared/contract.js';
import { likelihoodNote, pixelKind, type PixelKind } from '../../shared/likelihood.js';
import type { LoadedDataset } from '../data/api.js';
import { withElbo } from '../engine/api.js';

export interface EpochRow {
  epoch: number;
  /** The objective minimised: recon + β·KL. */
  loss: number;
  /** Train ELBO: −(recon + kl), unweighted. */
  elbo: number;
  recon: number;
  kl: number;
  test_elbo: number | null;
  seconds: number;
}

export interface BaseReport {
  command: 'train' | 'eval';
  backend: string;
  backend_skipped: { name: string; reason: string }[];
  dataset: {
    name: string;
    fingerprint: string;
    height: number;
    width: number;
    channels: number;
    /** Image folders: the settings used and how many images needed what (null otherwise). */
    folder: FolderLoadReport | null;
  };
  images_train: number;
  images_test: number;
  skipped: SkippedFile[];
  epochs: EpochRow[];
  /** Mean ELBO per test image (nats, negative); null without test images. */
  test_elbo: number | null;
  /** −test ELBO / (D · ln 2), D = height × width × channels; null without test images. */
  test_bits_per_dim: number | null;
  samples_per_s: number;
  /** 'grey-level' or 'binarised': the pixels the nats are of. */
  pixels: PixelKind;
  /** What the nats are nats of, in a sentence (shared/likelihood.ts). */
  likelihood: string;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

export function epochRows(history: EpochMetrics[]): EpochRow[] {
  return withElbo(history).map((m) => ({
    epoch: m.epoch,
    loss: round(m.loss),
    elbo: round(m.elbo),
    recon: round(m.recon),
    kl: round(m.kl),
    test_elbo: m.testElbo === null ? null : round(m.testElbo),
    seconds: round(m.seconds, 3),
  }));
}

export function baseReport(
  command: BaseReport['command'],
  backend: BackendReport,
  dataset: LoadedDataset,
  counts: { train: number; test: number },
  history: EpochMetrics[],
  testElbo: number | null,
  samplesPerSecond: number,
  config: Pick<TrainConfig, 'loss' | 'binarize'>,
): BaseReport {
  const { info } = dataset;
  return {
    command,
    backend: backend.name,
    backend_skipped: backend.skipped.map((s) => ({ name: s.name, reason: s.reason })),
    dataset: {
      name: info.name,
      fingerprint: info.fingerprint,
      height: info.height,
      width: info.width,
      channels: info.channels,
      folder: info.folder ?? null,
    },
    images_train: counts.train,
    images_test: counts.test,
    skipped: info.skipped,
    epochs: epochRows(history),
    test_elbo: testElbo === null ? null : round(testElbo),
    test_bits_per_dim:
      testElbo === null ? null : round(bitsPerDim(testElbo, info.height * info.width * info.channels), 5),
    samples_per_s: round(samplesPerSecond, 1),
    pixels: pixelKind(config),
    likelihood: likelihoodNote(config),
  };
}
