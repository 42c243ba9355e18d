// The conv row: our β-VAE conv model (engine.train, the code the app's training worker runs) on a
// real RGB folder loaded by the data layer (the app's path), next to ../shared/bench/
// torch_conv_vae_ref.py on the same files with the same layers, batch, latent and epochs.
import { DEFAULT_TRAIN_CONFIG, type BackendName, type TrainConfig } from '../src/shared/contract.js';
import { data } from '../src/main/data/index.js';
import { engine } from '../src/main/engine/index.js';
import { round } from './stats.js';

/** The reference's defaults (its --filters/--hidden/--latent/--batch), spelled out on both sides. */
export const CONV_BENCH = { side: 64, filters: [32, 32, 64, 64], hidden: [256], latent: 10, batch: 64 } as const;

export interface ConvOursRun {
  backend: BackendName;
  images: number;
  test_images: number;
  epochs: number;
  /** Training images per second over the steps (as the engine reports it to the app). */
  samples_per_s: number;
  /** Training images per second over whole epochs (test ELBO after each included), as a user waits. */
  wall_samples_per_s: number;
  train_loss: number[];
  test_elbo: number | null;
  seconds: number;
  threads: number | null;
}

export interface ConvOptions {
  train: string;
  test: string | null;
  backend: BackendName;
  epochs: number;
  /** First N training images only (0 = all). */
  limit: number;
  /** Engine threads, when TrainConfig has that setting (issue 9 item 3); null: leave the default. */
  threads: number | null;
  /** Training seed (initial weights, batch order, noise); 0 unless given. */
  seed?: number;
}

/** Whether this build's TrainConfig has a `threads` setting (another part of issue 9). */
export const hasThreads = (): boolean => 'threads' in DEFAULT_TRAIN_CONFIG;

/** Adds `threads` to a config where the setting exists; the cast is for builds without it. */
export function withThreads(config: TrainConfig, threads: number | null): TrainConfig {
  return threads !== null && hasThreads() ? ({ ...config, threads } as TrainConfig) : config;
}

export async function trainConvOurs(o: ConvOptions): Promise<ConvOursRun> {
  const report = await engine.selectBackend(o.backend);
  const load = async (dir: string) => {
    const ds = await data.loadImageFolder(dir, { size: CONV_BENCH.side, testFraction: 0 });
    if (ds.info.channels !== 3) throw new Error(`${dir} loaded as grey; the conv row needs RGB images`);
    return ds.images;
  };
  const trainSet = await load(o.train);
  const testSet = o.test ? await load(o.test) : null;
  const config = withThreads(
    {
      ...DEFAULT_TRAIN_CONFIG,
      arch: 'conv',
      filters: [...CONV_BENCH.filters],
      hidden: [...CONV_BENCH.hidden],
      latent: CONV_BENCH.latent,
      batchSize: CONV_BENCH.batch,
      loss: 'bce',
      epochs: o.epochs,
      limit: o.limit,
      backend: o.backend,
      seed: o.seed ?? 0,
    },
    o.threads,
  );
  const n = o.limit > 0 ? Math.min(o.limit, trainSet.n) : trainSet.n;
  const model = engine.createVae(config, { height: trainSet.height, width: trainSet.width, channels: 3 });
  try {
    const t0 = performance.now();
    const result = await engine.train(model, trainSet, testSet);
    const seconds = (performance.now() - t0) / 1000;
    const last = result.history.at(-1)?.testElbo;
    return {
      backend: report.name,
      images: n,
      test_images: testSet?.n ?? 0,
      epochs: result.history.length,
      samples_per_s: round(result.imagesPerSecond, 1),
      wall_samples_per_s: round((n * result.history.length) / seconds, 1),
      train_loss: result.history.map((h) => round(h.loss, 1)),
      test_elbo: last == null ? null : round(last, 2),
      seconds: round(seconds, 1),
      threads: o.threads !== null && hasThreads() ? o.threads : null,
    };
  } finally {
    model.dispose();
  }
}
