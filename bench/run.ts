// `npm run bench [-- --quick]`: issue 6's measurements in one run, side by side with the PyTorch
// reference. Progress on stderr; the JSON report goes to bench/results/latest.json and is the last
// line on stdout; one row is appended to docs/benchmarks.md. A measurement that cannot run is
// reported as {skipped: reason}; it never stops the others.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendName } from '../src/shared/contract.js';
import { engine } from '../src/main/engine/index.js';
import { benchFolder, type FolderResult } from './folder.js';
import { benchFolderMemory, type FolderMemoryResult } from './folder-memory.js';
import { iconFolder, type IconFolder } from './icon-folder.js';
import { benchGif, type GifResult } from './gif.js';
import { machine, machineLabel } from './machine.js';
import { FASHION_DIR, hasFashion, MNIST_DIR, RESULTS_DIR } from './paths.js';
import { benchScatter, type ScatterResult } from './scatter.js';
import { benchService, openService, type ServiceResult } from './service.js';
import { round, skipped, type Skipped } from './stats.js';
import { appendRow } from './table.js';
import { targets } from './targets.js';
import { trainOurs, type OursRun } from './train-ours.js';
import { trainConvReference, trainReference, type ConvReferenceRun, type ReferenceRun } from './train-reference.js';
import { hasThreads, trainConvOurs, type ConvOursRun } from './train-conv.js';

const USAGE = `Usage: npm run bench [-- --quick] [-- --no-table]
  --quick     fewer epochs and images (under 4 minutes)
  --no-table  do not append a row to docs/benchmarks.md
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknown = args.filter((a) => a !== '--quick' && a !== '--no-table');
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown option ${unknown[0]}\n${USAGE}`);
  process.exit(2);
}
const quick = args.includes('--quick');

/** Sizes of each measurement; --quick keeps the whole run under 4 minutes on 2 cores. */
const P = quick
  ? {
      mnistEpochs: 1,
      fashionEpochs: 1,
      fashionLimit: 10_000,
      otherLimit: 1280,
      serviceTrainLimit: 2560,
      reps: 50,
      folderImages: 2000,
      convEpochs: 1,
      convSeeds: 1,
      memoryImages: 10_000,
      scalingMlpLimit: 2560,
      scalingConvLimit: 256,
    }
  : {
      mnistEpochs: 5,
      fashionEpochs: 1,
      fashionLimit: 0,
      otherLimit: 2560,
      serviceTrainLimit: 0,
      reps: 200,
      folderImages: 10_000,
      convEpochs: 10,
      convSeeds: 3,
      memoryImages: 50_000,
      scalingMlpLimit: 9000,
      scalingConvLimit: 640,
    };
/** The folder-memory target is stated for this many images; fewer (--quick) are reported, not judged. */
const MEMORY_TARGET_IMAGES = 50_000;

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const ORDER: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

async function attempt<T>(name: string, fn: () => Promise<T>): Promise<T | Skipped> {
  const t0 = performance.now();
  log(`${name}…`);
  try {
    const r = await fn();
    log(`${name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  } catch (e) {
    log(`${name}: skipped (${e instanceof Error ? e.message : String(e)})`);
    return skipped(e);
  }
}

// A skipped measurement has a text reason; the conv reference's own `skipped` is a file count.
const isOk = <T extends object>(x: T | Skipped): x is T => typeof (x as Partial<Skipped>).skipped !== 'string';
const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a && b ? round(a / b, 2) : null;

interface TrainPair {
  images_dir: string;
  epochs: number;
  ours: OursRun | Skipped;
  reference: ReferenceRun | Skipped;
  ratio: number | null;
  elbo_diff_nats: number | null;
  /** 1-minute load average before and after each side: the machine is shared, so say how busy it was. */
  load: { ours: [number, number]; reference: [number, number] };
}

const load1 = (): number => round(loadavg()[0]!, 2);

async function trainPair(
  dir: string,
  backend: BackendName,
  epochs: number,
  limit: number,
  saveTo?: string,
): Promise<TrainPair> {
  const l0 = load1();
  const ours = await attempt(`train ours (${backend}) on ${dir}`, () =>
    trainOurs({ dir, backend, epochs, limit, test: true, ...(saveTo ? { saveTo } : {}) }),
  );
  const l1 = load1();
  const reference = await attempt(`train reference on ${dir}`, () => trainReference(dir, epochs, limit));
  const l2 = load1();
  const o = isOk(ours) ? ours : null;
  const r = isOk(reference) ? reference : null;
  return {
    images_dir: dir,
    epochs,
    ours,
    reference,
    ratio: ratio(o?.samples_per_s, r?.samples_per_s),
    elbo_diff_nats: o?.test_elbo != null && r?.test_elbo != null ? round(o.test_elbo - r.test_elbo, 2) : null,
    load: { ours: [l0, l1], reference: [l1, l2] },
  };
}

interface ConvPair {
  data: string;
  train_dir: string;
  test_dir: string;
  epochs: number;
  ours: ConvOursRun | Skipped;
  reference: ConvReferenceRun | Skipped;
  /** Ours wall-clock over whole epochs ÷ the reference's per-step rate (its most favourable figure). */
  wall_ratio: number | null;
  step_ratio: number | null;
  /**
   * Test ELBO per seed (0, 1, …), each side: with ~150 test images and ~22 steps an epoch, one seed
   * moves a side's ELBO by ±1 % after 10 epochs, as much as the target, so the target is judged on
   * the means. Seed 0 is the timed pair above; the others only score (the references two at a time).
   */
  elbo_by_seed: { ours: (number | null)[]; reference: (number | null)[] };
  /** (mean ours − mean reference) / |mean reference| test ELBO over the seeds, in percent. */
  elbo_diff_pct: number | null;
  load: { ours: [number, number]; reference: [number, number] };
}

const mean = (xs: (number | null)[]): number | null =>
  xs.length > 0 && xs.every((x) => x !== null) ? (xs as number[]).reduce((a, b) => a + b, 0) / xs.length : null;

/** Test ELBOs of seeds 1 … seeds−1 on each side (ours one after another, the references in pairs). */
async function moreSeeds(
  icons: IconFolder,
  backend: BackendName,
  epochs: number,
  seeds: number,
): Promise<{ ours: (number | null)[]; reference: (number | null)[] }> {
  const extra = Array.from({ length: Math.max(0, seeds - 1) }, (_, i) => i + 1);
  const ours: (number | null)[] = [];
  for (const seed of extra) {
    const r = await attempt(`conv ours, seed ${seed} (test ELBO only)`, () =>
      trainConvOurs({ train: icons.train, test: icons.test, backend, epochs, limit: 0, threads: null, seed }),
    );
    ours.push(isOk(r) ? r.test_elbo : null);
  }
  const reference: (number | null)[] = [];
  // The reference runs on one thread: two seeds at once use both cores; their speed is not reported.
  for (let i = 0; i < extra.length; i += 2) {
    const runs = await Promise.all(
      extra.slice(i, i + 2).map((seed) =>
        attempt(`conv reference, seed ${seed} (test ELBO only)`, async () => {
          const r = await trainConvReference(icons.train, icons.test, epochs, 0, null, seed);
          if (!isOk(r)) throw new Error(r.skipped);
          return r;
        }),
      ),
    );
    reference.push(...runs.map((r) => (isOk(r) ? r.test_elbo : null)));
  }
  return { ours, reference };
}

async function convPair(icons: IconFolder, backend: BackendName, epochs: number, seeds: number): Promise<ConvPair> {
  const l0 = load1();
  const ours = await attempt(`conv ours (${backend}) on ${icons.train}`, () =>
    trainConvOurs({ train: icons.train, test: icons.test, backend, epochs, limit: 0, threads: null }),
  );
  const l1 = load1();
  const reference = await attempt(`conv reference on ${icons.train}`, async () => {
    const r = await trainConvReference(icons.train, icons.test, epochs, 0, null);
    if (!isOk(r)) throw new Error(r.skipped);
    return r;
  });
  const l2 = load1();
  const o = isOk(ours) ? ours : null;
  const r = isOk(reference) ? reference : null;
  const more = await moreSeeds(icons, backend, epochs, seeds);
  const elboBySeed = {
    ours: [o?.test_elbo ?? null, ...more.ours],
    reference: [r?.test_elbo ?? null, ...more.reference],
  };
  const [mo, mr] = [mean(elboBySeed.ours), mean(elboBySeed.reference)];
  return {
    data: icons.source,
    train_dir: icons.train,
    test_dir: icons.test,
    epochs,
    ours,
    reference,
    wall_ratio: ratio(o?.wall_samples_per_s, r?.samples_per_s),
    step_ratio: ratio(o?.samples_per_s, r?.samples_per_s),
    elbo_by_seed: elboBySeed,
    elbo_diff_pct: mo !== null && mr !== null ? round((100 * (mo - mr)) / Math.abs(mr), 2) : null,
    load: { ours: [l0, l1], reference: [l1, l2] },
  };
}

interface ScalingRow {
  one_thread: number | null;
  all_cores: number | Skipped;
  speedup: number | null;
}

/** Images/s (wall-clock, one epoch over a subset) with 1 thread and with every core, MLP and conv. */
async function threadScaling(
  backend: BackendName,
  icons: IconFolder | null,
): Promise<{ cores: number; mlp: ScalingRow | Skipped; conv: ScalingRow | Skipped }> {
  const all = cpus().length;
  const noThreads = skipped('TrainConfig has no threads setting in this build (issue 9 item 3): one thread only');
  const row = async (run: (threads: number) => Promise<number>): Promise<ScalingRow> => {
    const one = await run(1);
    const many = hasThreads() ? await run(all) : noThreads;
    return { one_thread: one, all_cores: many, speedup: typeof many === 'number' ? ratio(many, one) : null };
  };
  const mlp = await attempt('thread scaling, MLP', () =>
    row(async (threads) => {
      const r = await trainOurs({ dir: MNIST_DIR, backend, epochs: 1, limit: P.scalingMlpLimit, test: false, threads });
      return r.wall_samples_per_s;
    }),
  );
  const conv = icons
    ? await attempt('thread scaling, conv', () =>
        row(async (threads) => {
          const r = await trainConvOurs({
            train: icons.train,
            test: null,
            backend,
            epochs: 1,
            limit: P.scalingConvLimit,
            threads,
          });
          return r.wall_samples_per_s;
        }),
      )
    : skipped('no RGB folder');
  return { cores: all, mlp, conv };
}

async function main(): Promise<void> {
  const started = performance.now();
  const m = machine();
  const work = mkdtempSync(join(tmpdir(), 'le-bench-'));
  const modelDir = join(work, 'model');

  // Which backends start here, in auto's order; the first one is what the app uses.
  const available: BackendName[] = [];
  const unavailable: { name: BackendName; reason: string }[] = [];
  for (const name of ORDER) {
    try {
      await engine.selectBackend(name);
      available.push(name);
    } catch (e) {
      unavailable.push({ name, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const primary = available[0];
  if (!primary) throw new Error(`no backend starts here: ${unavailable.map((u) => u.reason).join('; ')}`);
  log(`backends: ${available.join(', ')} (primary ${primary})`);

  const mnist = await trainPair(MNIST_DIR, primary, P.mnistEpochs, 0, modelDir);
  const otherBackends: Record<string, OursRun | Skipped> = {};
  for (const b of available.slice(1)) {
    otherBackends[b] = await attempt(`train speed on ${b}`, () =>
      trainOurs({ dir: MNIST_DIR, backend: b, epochs: 1, limit: P.otherLimit, test: false }),
    );
  }
  await engine.selectBackend(primary);
  const fashion: TrainPair | Skipped = hasFashion()
    ? await trainPair(FASHION_DIR, primary, P.fashionEpochs, P.fashionLimit)
    : skipped(`${FASHION_DIR} is missing (apt-get install -y dataset-fashion-mnist)`);
  const haveModel = isOk(mnist.ours);

  const gif: GifResult | Skipped = haveModel
    ? await attempt('gif', () => benchGif(modelDir))
    : skipped('no trained model');
  const folder: FolderResult | Skipped = await attempt('folder', () => benchFolder(P.folderImages));
  const icons = await attempt('icon folder', () => iconFolder(join(RESULTS_DIR, 'tmp'), 64));
  const conv: ConvPair | Skipped = isOk(icons)
    ? await convPair(icons, primary, P.convEpochs, P.convSeeds)
    : skipped(`no RGB folder: ${icons.skipped}`);
  const folderMemory: FolderMemoryResult | Skipped = await attempt('folder memory', () =>
    benchFolderMemory(P.memoryImages, 10),
  );
  const scaling = await threadScaling(primary, isOk(icons) ? icons : null);

  let service: ServiceResult | Skipped = skipped('the service did not start');
  let scatter: ScatterResult | Skipped = skipped('the service did not start');
  const session = await attempt('service start', () => openService());
  if (isOk(session)) {
    try {
      service = await attempt('service (train, event loop, encode, decode, gif)', () =>
        benchService(session.service, { trainLimit: P.serviceTrainLimit, reps: P.reps }),
      );
      // SCATTER HOOK: the UI's window.__latentExplorer.scatterFps() in headless Chromium (bench/scatter.ts).
      scatter = await attempt('scatter', async () => {
        const r = await benchScatter(session.service, session.dataDir, haveModel ? modelDir : null);
        if (!isOk(r)) throw new Error(r.skipped);
        return r;
      });
    } finally {
      await session.close();
    }
  }

  const s = isOk(service) ? service : null;
  const mnistRef = isOk(mnist.reference) ? mnist.reference : null;
  const report = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: m,
    backends: { primary, available, unavailable },
    train: {
      model: 'MLP 784-512-20, batch 128, BCE, Adam 1e-3',
      mnist: {
        ...mnist,
        // Issue 9: the target applies to ours wall-clock (whole epochs) against the reference.
        wall_ratio: ratio(isOk(mnist.ours) ? mnist.ours.wall_samples_per_s : null, mnistRef?.samples_per_s),
      },
      fashion,
      other_backends: otherBackends,
      through_service: s?.train ?? null,
    },
    decode: s ? { frame: s.decode_frame, walk_grid_20x11: s.walk_grid } : service,
    encode: s ? s.encode_all : service,
    folder,
    conv: isOk(conv)
      ? { model: 'β-VAE conv 32,32,64,64 → 256 → 10, 64×64×3, batch 64, BCE, Adam 1e-3', ...conv }
      : conv,
    folder_memory: folderMemory,
    thread_scaling: scaling,
    gif: { engine: gif, through_service: s?.gif_export ?? null },
    event_loop: s ? s.event_loop : service,
    scatter,
    targets: targets({
      trainRatio: mnist.ratio,
      mlpWallRatio: ratio(isOk(mnist.ours) ? mnist.ours.wall_samples_per_s : null, mnistRef?.samples_per_s),
      convWallRatio: isOk(conv) ? conv.wall_ratio : null,
      convElboPct: isOk(conv) ? conv.elbo_diff_pct : null,
      memoryMib: isOk(folderMemory) && folderMemory.images >= MEMORY_TARGET_IMAGES ? folderMemory.peak_rss_mib : null,
      elboDiff: mnist.elbo_diff_nats,
      frameP95: s?.decode_frame.p95_ms ?? null,
      walkP95: s?.walk_grid.p95_ms ?? null,
      encodeMs: s?.encode_all.ms ?? null,
      folderRatio: isOk(folder) ? folder.ratio : null,
      scatterFps: isOk(scatter) ? scatter.fps : null,
      scatterFps1m: isOk(scatter) ? scatter.fps_1m : null,
      loopP99: s?.event_loop.p99_ms ?? null,
    }),
    seconds: round((performance.now() - started) / 1000, 1),
  };
  rmSync(work, { recursive: true, force: true });

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (!args.includes('--no-table')) {
    const o = isOk(mnist.ours) ? mnist.ours : null;
    const r = isOk(mnist.reference) ? mnist.reference : null;
    const f = isOk(fashion) ? fashion : null;
    const fo = f && isOk(f.ours) ? f.ours : null;
    const fr = f && isOk(f.reference) ? f.reference : null;
    const ms = (x: number | null | undefined): string | null => (x == null ? null : `${x} ms`);
    const c = isOk(conv) ? conv : null;
    const co = c && isOk(c.ours) ? c.ours : null;
    const cr = c && isOk(c.reference) ? c.reference : null;
    const scalingCell = (x: ScalingRow | Skipped): string =>
      isOk(x) ? `${x.one_thread ?? '—'} / ${typeof x.all_cores === 'number' ? x.all_cores : '—'}` : '—';
    appendRow([
      report.date.slice(0, 16).replace('T', ' '),
      machineLabel(m),
      `${report.mode} (${P.mnistEpochs} ep)`,
      primary,
      `${o?.samples_per_s ?? '—'} / ${r?.samples_per_s ?? '—'} (${mnist.ratio ?? '—'}×)`,
      `${o?.test_elbo ?? '—'} / ${r?.test_elbo ?? '—'} (${mnist.elbo_diff_nats ?? '—'})`,
      f ? `${fo?.samples_per_s ?? '—'} / ${fr?.samples_per_s ?? '—'} (${f.ratio ?? '—'}×)` : null,
      ms(s?.decode_frame.p95_ms),
      ms(s?.walk_grid.p95_ms),
      ms(s?.encode_all.ms),
      isOk(folder) ? `${folder.ratio}×` : null,
      isOk(gif) ? `${gif.total_ms} ms` : null,
      isOk(scatter) ? scatter.fps : null,
      ms(s?.event_loop.p99_ms),
      o ? `${o.wall_samples_per_s} (${report.train.mnist.wall_ratio ?? '—'}×)` : null,
      c ? `${co?.wall_samples_per_s ?? '—'} / ${cr?.samples_per_s ?? '—'} (${c.wall_ratio ?? '—'}×)` : null,
      c?.elbo_diff_pct != null ? `${c.elbo_diff_pct} %` : null,
      isOk(folderMemory) ? `${folderMemory.peak_rss_mib} MiB @ ${folderMemory.images}` : null,
      `${scalingCell(scaling.mlp)} · ${scalingCell(scaling.conv)}`,
    ]);
  }
  const judged = (met: boolean | null) =>
    Object.entries(report.targets)
      .filter(([, t]) => t.met === met)
      .map(([k]) => k);
  const [missed, unmeasured] = [judged(false), judged(null)];
  // A skipped row is not a met target: say so, or a run that skipped the conv row reads as all green.
  log(
    `done in ${report.seconds} s; targets missed: ${missed.length ? missed.join(', ') : 'none'}` +
      (unmeasured.length ? `; not measured: ${unmeasured.join(', ')}` : ''),
  );
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
