// The engine's request loop, independent of how messages arrive (engine-main.ts wires it to an
// Electron utilityProcess port or a forked Node process's IPC channel). Requests run concurrently as
// promises; heavy synchronous parts are short, and training yields between steps.

import * as tf from '@tensorflow/tfjs';
import { ContractError, type CallResult } from '../../shared/contract.js';
import type { EngineApi } from '../engine/api.js';
import { datasetFileNames, datasetImages, datasetLabels, openDataset, loadTracked } from './dataset-calls.js';
import { exportCoords, exportGif, exportPng } from './export-calls.js';
import * as latent from './latent-calls.js';
import { deleteModel, listModels, openModel, saveModel } from './model-calls.js';
import { exportOnnxModel, importOnnxModel, inspectOnnx } from './onnx-calls.js';
import {
  prepareTransfer,
  serialiseError,
  type CallRequestOf,
  type ControlRequest,
  type EngineCallName,
  type RestorableState,
  type WorkerRequest,
} from './protocol.js';
import { Session, type Post } from './session.js';
import { startTraining, steer, trainSnapshot, trainState } from './train-calls.js';

export type Handler<K extends EngineCallName> = (
  s: Session,
  arg: CallRequestOf<K>['arg'],
) => CallResult<K> | Promise<CallResult<K>>;

/**
 * Every call the engine serves (all but protocol.ts's HOST_CALLS). Complete by type: a contract call
 * added without a handler here is a compile error, and each handler must return its call's result.
 */
export type HandlerTable = { [K in EngineCallName]: Handler<K> };
export const HANDLERS: HandlerTable = {
  'dataset.open': openDataset,
  'dataset.info': (s) => s.dataset?.loaded.info ?? null,
  'dataset.images': datasetImages,
  'dataset.labels': datasetLabels,
  'dataset.fileNames': datasetFileNames,
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
  'model.inspectOnnx': inspectOnnx,
  'model.importOnnx': importOnnxModel,
  'model.exportOnnx': exportOnnxModel,
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
  private testHooks = false;

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
    if (req.type === 'call') return this.serve(req);
    return this.control(req);
  }

  /** The correlated lookup (TS #47109): HANDLERS[K] takes CallArg<K>, with no cast. */
  private serve<K extends EngineCallName>(req: CallRequestOf<K>): Promise<CallResult<K>> | CallResult<K> {
    const handler: Handler<K> | undefined = Object.hasOwn(HANDLERS, req.name) ? HANDLERS[req.name] : undefined;
    if (!handler) throw new ContractError('INTERNAL', `The engine does not serve ${String(req.name)}.`);
    return handler(this.requireSession(), req.arg);
  }

  private async control(req: ControlRequest): Promise<unknown> {
    switch (req.type) {
      case 'init':
        this.testHooks = req.init.testHooks;
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
        this.requireTestHooks();
        return tf.memory().numTensors;
      case 'debug.exhaustHeap': {
        this.requireTestHooks();
        // Live arrays of small objects: V8's heap limit, not the OS, ends this process.
        const hoard: unknown[] = [];
        for (;;) hoard.push(Array.from({ length: 1024 }, (_, i) => ({ i })));
      }
    }
  }

  private requireTestHooks(): void {
    if (!this.testHooks) throw new ContractError('BAD_ARGUMENT', 'Test hooks are off in this engine.');
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
        s.log('warn', `Could not reload the dataset after an engine restart: ${(e as Error).message}`);
      }
    }
    if (state.modelDir) {
      try {
        const { model: vae, meta } = await this.engine.loadModel(state.modelDir);
        s.setModel(vae, meta, state.modelId, state.modelDir);
        model = true;
      } catch (e) {
        s.log('warn', `Could not reload the model after an engine restart: ${(e as Error).message}`);
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
