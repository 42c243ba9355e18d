// train.* calls, run in the worker. One training at a time. The trained model becomes the current
// model at the end of its first epoch (so cancelling before that keeps the previous model), is
// checkpointed after each epoch, and on stop keeps the weights reached so far.

import {
  ContractError,
  TRAIN_PREVIEW,
  type CallArg,
  type ImageBatch,
  type TrainResult,
  type TrainSnapshot,
  type TrainState,
} from '../../shared/contract.js';
import { data } from '../data/index.js';
import type { ModelMeta, VaeModel } from '../engine/api.js';
import type { Session } from './session.js';
import { emptySnapshot, TrainRecord } from './train-record.js';
import { TrainingJob } from './training-job.js';

/** The current or last run of each session (train.snapshot). */
const records = new WeakMap<Session, TrainRecord>();

const EPOCH_SAMPLE_SEED = TRAIN_PREVIEW.sampleSeed;
const EPOCH_SAMPLES = TRAIN_PREVIEW.samples;
const EPOCH_RECONSTRUCTIONS = TRAIN_PREVIEW.reconstructions;

export async function startTraining(s: Session, arg: CallArg<'train.start'>): Promise<TrainResult> {
  const { config, jobId } = arg;
  if (s.training)
    throw new ContractError('TRAINING_BUSY', 'A training is already running. Stop it or wait for it to finish.');
  if (s.jobs.has(jobId))
    throw new ContractError('BAD_ARGUMENT', `jobId "${jobId}" is already in use by a running job.`);
  const ds = s.requireDataset();
  const { info, images } = ds.loaded;

  const job = new TrainingJob(jobId, (state) => s.emit('train.state', { state }));
  // Claimed before the first await so a second train.start is refused at once.
  s.training = job;
  s.jobs.set(jobId, () => job.cancel());
  const record = new TrainRecord(jobId, config);
  records.set(s, record);
  let vae: VaeModel | null = null;
  try {
    const backend = await s.ensureBackend(config.backend);
    s.emit('train.state', { state: 'running', backend });
    const trainCount = config.limit > 0 ? Math.min(config.limit, info.trainCount) : info.trainCount;
    const trainSet = data.sliceImages(images, 0, trainCount);
    const testSet = info.testCount > 0 ? data.sliceImages(images, info.trainCount, info.count) : null;
    const preview = data.pickImages(
      testSet ?? trainSet,
      range(Math.min(EPOCH_RECONSTRUCTIONS, (testSet ?? trainSet).n)),
    );

    const shape = { height: info.height, width: info.width, channels: info.channels };
    const model = s.engine.createVae(config, shape);
    vae = model;
    const meta: ModelMeta = {
      format: 'latent-explorer-vae@1',
      name: `${config.arch.toUpperCase()} ${config.latent}-d on ${info.name}`,
      config,
      shape,
      backend: backend.name,
      seed: config.seed,
      datasetFingerprint: info.fingerprint,
      datasetName: info.name,
      history: [],
      createdAt: new Date().toISOString(),
      ...(info.folder ? { folder: info.folder.settings } : {}),
    };

    const result = await s.engine.train(model, trainSet, testSet, {
      gate: job.gate,
      shouldStop: job.shouldStop,
      isCancelled: job.isCancelled,
      onStep: (step) => {
        const event = { jobId, ...step };
        record.step(event);
        s.emit('train.step', event);
      },
      onEpoch: async ({ metrics }) => {
        meta.history = [...meta.history, metrics];
        s.setModel(model, meta, null, null);
        await checkpoint(s);
        const reconstruction = s.engine.reconstruct(model, preview);
        const samples = s.engine.decode(model, s.engine.sampleCodes(EPOCH_SAMPLES, config.latent, EPOCH_SAMPLE_SEED));
        const original = copyBatch(preview);
        const event = { jobId, epochs: config.epochs, metrics, reconstructions: { original, reconstruction }, samples };
        record.epoch(event);
        s.emit('train.epoch', event, [
          original.data.buffer as ArrayBuffer,
          reconstruction.data.buffer as ArrayBuffer,
          samples.data.buffer as ArrayBuffer,
        ]);
      },
    });

    meta.history = result.history;
    if (s.model?.vae !== model || result.outcome === 'stopped') {
      // Stopped inside the first epoch (or history changed): the weights so far become current.
      s.setModel(model, meta, null, null);
      await checkpoint(s);
    }
    record.end({ outcome: result.outcome, imagesPerSecond: result.imagesPerSecond }, result.history);
    return { outcome: result.outcome, model: s.modelInfo()!, imagesPerSecond: result.imagesPerSecond };
  } catch (e) {
    const cancelled = e instanceof ContractError && e.code === 'CANCELLED';
    record.end({ outcome: cancelled ? 'cancelled' : 'failed', imagesPerSecond: 0 });
    // Never adopted (no finished epoch): the previous model stays current.
    if (vae && s.model?.vae !== vae) vae.dispose();
    throw e;
  } finally {
    s.training = null;
    s.jobs.delete(jobId);
    s.emit('train.state', { state: 'idle' });
  }
}

async function checkpoint(s: Session): Promise<void> {
  const m = s.model;
  if (!m) return;
  const { format: _f, config: _c, shape: _s, ...meta } = m.meta;
  // The checkpoint folder is the app's own: replacing the model in it is the point.
  await s.engine.saveModel(m.vae, meta, s.checkpointDir, { replace: true });
  m.dir = s.checkpointDir;
  s.postState();
}

export function steer(s: Session, action: 'pause' | 'resume' | 'stop'): void {
  const job = s.training;
  if (!job) throw new ContractError('NOT_TRAINING', `Nothing to ${action}: no training is running.`);
  job[action]();
}

export function trainState(s: Session): TrainState {
  return s.training?.state ?? 'idle';
}

export function trainSnapshot(s: Session): TrainSnapshot {
  const state = trainState(s);
  return records.get(s)?.snapshot(state) ?? emptySnapshot(state);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function copyBatch(b: ImageBatch): ImageBatch {
  return { ...b, data: b.data.slice() };
}
