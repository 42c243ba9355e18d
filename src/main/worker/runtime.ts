// The worker's request loop, independent of how messages arrive (a worker_threads port in
// production; the unit tests drive it through the real Worker too). Requests run concurrently as
// promises; heavy synchronous parts are short, and training yields between steps.

import * as tf from '@tensorflow/tfjs';
import { ContractError, type CallName, type CallResult } from '../../shared/contract.js';
import type { EngineApi } from '../engine/api.js';
import { datasetImages, datasetLabels, openDataset, loadTracked } from './dataset-calls.js';
import { exportCoords, exportGif, exportPng } from './export-calls.js';
import * as latent from './latent-calls.js';
import { deleteModel, listModels, openModel, saveModel } from './model-calls.js';
import {
  prepareTransfer,
  serialiseError,
  type CallRequest,
  type RestorableState,
  type WorkerRequest,
} from './protocol.js';
import { Session, type Post } from './session.js';
import { startTraining, steer, trainSnapshot, trainState } from './train-calls.js';

type Handler<K extends CallName> = (
  s: Session,
  arg: Extract<CallRequest, { name: K }>['arg'],
) => CallResult<K> | Promise<CallResult<K>>;

/** Calls served by the worker. app.info, fs.list and job.cancel are answered by the service. */
const HANDLERS: { [K in CallName]?: Handler<K> } = {
  'dataset.open': openDataset,
  'dataset.info': (s) => s.dataset?.loaded.info ?? null,
  'dataset.images': datasetImages,
  'dataset.labels': datasetLabels,
  'train.start': startTraining,
  'train.pause': (s) => steer(s, 'pause'),
  'train.resume': (s) => steer(s, 'resume'),
  'train.stop': (s) => steer(s, 'stop'),
  'train.state': trainState,
  'train.snapshot': trainSnapshot,
  'model.info': (s) => s.modelInfo(),
  'model.save': saveModel,
  'model.list': listModels,
  'model.open': openModel,
  'model.delete': deleteModel,
  'latent.codes': latent.latentCodes,
  'latent.project': latent.project,
  'latent.decode': latent.decode,
  'latent.interpolate': latent.interpolate,
  'latent.walk': latent.walk,
  'latent.samples': latent.samples,
  'latent.reconstruct': latent.reconstruct,
  'latent.manifold': latent.manifold,
  'latent.neighbours': latent.neighbours,
  'latent.klPerDim': (s) => [...latent.klPerDim(s)],
  'metrics.evaluate': latent.evaluate,
  'export.gif': exportGif,
  'export.png': exportPng,
  'export.coords': exportCoords,
};

export class WorkerRuntime {
  private session: Session | null = null;

  constructor(
    private readonly engine: EngineApi,
    private readonly post: Post,
  ) {}

  /** Handles one request and posts exactly one response for it. */
  async handle(req: WorkerRequest): Promise<void> {
    try {
      const result = await this.run(req);
      const { value, transfer } = prepareTransfer(result);
      this.post({ id: req.id, ok: true, result: value }, transfer);
    } catch (e) {
      if (!(e instanceof ContractError))
        this.session?.log('error', `${describe(req)} failed: ${(e as Error)?.stack ?? String(e)}`);
      this.post({ id: req.id, ok: false, error: serialiseError(e) });
    }
  }

  private async run(req: WorkerRequest): Promise<unknown> {
    switch (req.type) {
      case 'init':
        this.session = new Session(this.engine, req.init.dataDir, req.init.resourcesDir, this.post);
        // Every tensor must live on the chosen backend: select it before anything else runs.
        return this.session.ensureBackend('auto');
      case 'backend':
        return this.requireSession().ensureBackend('auto');
      case 'cancel': {
        const cancel = this.requireSession().jobs.get(req.jobId);
        cancel?.();
        return cancel !== undefined;
      }
      case 'restore':
        return this.restore(req.state);
      case 'debug.tensors':
        return tf.memory().numTensors;
      case 'debug.crash':
        setImmediate(() => {
          throw new Error('Crash requested by a test (debug.crash).');
        });
        return null;
      case 'call': {
        const handler = HANDLERS[req.name] as Handler<CallName> | undefined;
        if (!handler) throw new ContractError('INTERNAL', `The worker does not serve ${req.name}.`);
        return handler(this.requireSession(), req.arg as never);
      }
    }
  }

  /** Rebuilds dataset and model from disk after a crash; a part that fails is logged and skipped. */
  private async restore(state: RestorableState): Promise<{ dataset: boolean; model: boolean }> {
    const s = this.requireSession();
    let dataset = false;
    let model = false;
    if (state.dataset) {
      try {
        s.setDataset(await loadTracked(s, null, state.dataset), state.dataset);
        dataset = true;
      } catch (e) {
        s.log('warn', `Could not reload the dataset after a worker restart: ${(e as Error).message}`);
      }
    }
    if (state.modelDir) {
      try {
        const { model: vae, meta } = await this.engine.loadModel(state.modelDir);
        s.setModel(vae, meta, state.modelId, state.modelDir);
        model = true;
      } catch (e) {
        s.log('warn', `Could not reload the model after a worker restart: ${(e as Error).message}`);
      }
    }
    return { dataset, model };
  }

  private requireSession(): Session {
    if (!this.session) throw new ContractError('INTERNAL', 'The worker was not initialised.');
    return this.session;
  }
}

function describe(req: WorkerRequest): string {
  return req.type === 'call' ? req.name : req.type;
}
