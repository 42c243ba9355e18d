// Measurements through the LatentService — the object both hosts (Electron IPC, the web host) serve,
// with its training worker — so they include every hop the app makes: event-loop lag in the
// service's process while training, encode all images, decode latency, GIF export.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TRAIN_CONFIG } from '../src/shared/contract.js';
import { createLatentService, type LatentService } from '../src/main/service/index.js';
import { ROOT } from './paths.js';
import { percentile, round, timeRuns } from './stats.js';

export interface Latency {
  p50_ms: number;
  p95_ms: number;
  runs: number;
}

export interface ServiceResult {
  /** Training through the service (worker), as the app's Train button runs it. */
  train: { images: number; samples_per_s: number; seconds: number };
  event_loop: { p50_ms: number; p99_ms: number; max_ms: number };
  encode_all: { images: number; ms: number };
  decode_frame: Latency;
  walk_grid: Latency & { images: number };
  gif_export: { frames: number; size: number; ms: number; bytes: number };
}

export interface ServiceSession {
  service: LatentService;
  dataDir: string;
  close(): Promise<void>;
}

export async function openService(): Promise<ServiceSession> {
  const dataDir = mkdtempSync(join(tmpdir(), 'le-bench-data-'));
  // testHooks: the scatter row reads the page's probe (window.__latentExplorer), installed only then.
  const service = await createLatentService({
    dataDir,
    resourcesDir: join(ROOT, 'resources'),
    host: 'in-process',
    testHooks: true,
  });
  return {
    service,
    dataDir,
    close: async () => {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function latency(samples: number[]): Latency {
  return { p50_ms: round(percentile(samples, 50)), p95_ms: round(percentile(samples, 95)), runs: samples.length };
}

export async function benchService(
  service: LatentService,
  o: { trainLimit: number; reps: number },
): Promise<ServiceResult> {
  const info = await service.call('dataset.open', {
    source: { kind: 'builtin', name: 'mnist' },
    jobId: 'bench-dataset',
  });

  // Event-loop delay of this process (the service's) while its worker trains.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  const trained = await service.call('train.start', {
    config: { ...DEFAULT_TRAIN_CONFIG, epochs: 1, limit: o.trainLimit },
    jobId: 'bench-train',
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  loop.disable();

  const t1 = performance.now();
  const codes = await service.call('latent.codes', { jobId: 'bench-codes' });
  const encodeMs = performance.now() - t1;

  const frame = await timeRuns(o.reps, 5, () =>
    service.call('latent.interpolate', { from: 0, to: 1, ts: [0.5], mode: 'linear' }),
  );
  let walkImages = 0;
  const walk = await timeRuns(Math.max(10, Math.round(o.reps / 2)), 3, async () => {
    const grid = await service.call('latent.walk', { base: { kind: 'origin' }, steps: 11, span: 3 });
    walkImages = grid.images.n;
  });

  const t2 = performance.now();
  const gif = await service.call('export.gif', {
    source: { kind: 'interpolation', from: 0, to: 1, mode: 'linear' },
    options: { frames: 60, fps: 15, size: 256, pingpong: false },
  });
  const gifMs = performance.now() - t2;

  return {
    train: {
      images: Math.min(o.trainLimit || info.trainCount, info.trainCount),
      samples_per_s: round(trained.imagesPerSecond, 1),
      seconds: round(trainSeconds, 1),
    },
    event_loop: {
      p50_ms: round(loop.percentile(50) / 1e6),
      p99_ms: round(loop.percentile(99) / 1e6),
      max_ms: round(loop.max / 1e6),
    },
    encode_all: { images: codes.mu.rows, ms: round(encodeMs, 0) },
    decode_frame: latency(frame),
    walk_grid: { ...latency(walk), images: walkImages },
    gif_export: { frames: 60, size: 256, ms: round(gifMs, 0), bytes: gif.byteLength },
  };
}
