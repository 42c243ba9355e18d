// Our training speed and quality: the engine's train() — the code the app's training worker runs — on
// IDX files, with the seeds' MLP 784-512-20, batch 128, BCE.
import { DEFAULT_TRAIN_CONFIG, type BackendName, type TrainConfig } from '../src/shared/contract.js';
import { data } from '../src/main/data/index.js';
import { engine } from '../src/main/engine/index.js';
import { round } from './stats.js';
import { withThreads } from './train-conv.js';

export interface OursRun {
  backend: BackendName;
  images: number;
  epochs: number;
  /** Training images per second over the training steps (as the engine reports it to the app). */
  samples_per_s: number;
  /** Training images per second over the whole run, epoch-end test ELBO included. */
  wall_samples_per_s: number;
  train_loss: number[];
  test_elbo: number | null;
  seconds: number;
}

export interface OursOptions {
  dir: string;
  backend: BackendName;
  epochs: number;
  /** First N training images only (0 = all). */
  limit: number;
  /** Skip the per-epoch test ELBO (speed-only runs). */
  test: boolean;
  /** When given, the trained model is saved here (later measurements reuse it). */
  saveTo?: string;
  /** Engine threads where TrainConfig has that setting (bench/train-conv.ts withThreads). */
  threads?: number | null;
}

export async function trainOurs(o: OursOptions): Promise<OursRun> {
  const report = await engine.selectBackend(o.backend);
  const ds = await data.loadIdxDir(o.dir);
  const { info, images } = ds;
  const config: TrainConfig = withThreads(
    {
      ...DEFAULT_TRAIN_CONFIG,
      arch: 'mlp',
      hidden: [512],
      latent: 20,
      batchSize: 128,
      loss: 'bce',
      epochs: o.epochs,
      limit: o.limit,
      backend: o.backend,
    },
    o.threads ?? null,
  );
  const n = o.limit > 0 ? Math.min(o.limit, info.trainCount) : info.trainCount;
  const model = engine.createVae(config, { height: info.height, width: info.width, channels: info.channels });
  try {
    const trainSet = data.sliceImages(images, 0, n);
    const testSet = o.test && info.testCount > 0 ? data.sliceImages(images, info.trainCount, info.count) : null;
    const t0 = performance.now();
    const result = await engine.train(model, trainSet, testSet);
    const seconds = (performance.now() - t0) / 1000;
    if (o.saveTo) {
      await engine.saveModel(
        model,
        {
          name: 'bench',
          backend: report.name,
          seed: config.seed,
          datasetFingerprint: info.fingerprint,
          datasetName: info.name,
          history: result.history,
          createdAt: new Date().toISOString(),
        },
        o.saveTo,
      );
    }
    return {
      backend: report.name,
      images: n,
      epochs: result.history.length,
      samples_per_s: round(result.imagesPerSecond, 1),
      wall_samples_per_s: round((n * result.history.length) / seconds, 1),
      train_loss: result.history.map((h) => round(h.loss, 3)),
      test_elbo: result.history.at(-1)?.testElbo == null ? null : round(result.history.at(-1)!.testElbo!, 3),
      seconds: round(seconds, 1),
    };
  } finally {
    model.dispose();
  }
}
