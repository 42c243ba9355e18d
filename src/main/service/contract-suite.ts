// ONE set of contract cases over any transport: the in-process service (service.contract.test.ts)
// and the WebSocket host (src/main/web) run exactly these. The cases run in order on one api
// (MNIST opened once, one short training) to keep the whole suite well under two minutes.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GifReader } from 'omggif';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAIN_CONFIG,
  type ContractEvents,
  type ErrorCode,
  type EventName,
  type LatentApi,
  type Matrix,
  type TrainConfig,
} from '../../shared/contract.js';

export type MakeApi = () => Promise<{ api: LatentApi; close(): Promise<void> }>;

/** Small and fast: 1,000 MNIST digits, one epoch, a small MLP. */
const SHORT: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, hidden: [128], latent: 8, epochs: 1, limit: 1000, seed: 7 };

export function defineContractSuite(label: string, makeApi: MakeApi): void {
  describe(`contract over ${label}`, () => {
    let api: LatentApi;
    let close: () => Promise<void>;
    let scratch: string;
    let jobs = 0;
    const jobId = (): string => `${label}-job-${++jobs}`;
    const z = (rows: number, cols: number, value = 0.5): Matrix => ({
      data: new Float32Array(rows * cols).fill(value),
      rows,
      cols,
    });

    /** Records events of one kind until stopped. */
    function record<E extends EventName>(event: E): { events: ContractEvents[E][]; stop: () => void } {
      const events: ContractEvents[E][] = [];
      const stop = api.on(event, (p) => void events.push(p));
      return { events, stop };
    }

    async function expectCode(p: Promise<unknown>, code: ErrorCode, messagePart?: RegExp): Promise<void> {
      const err = await p.then(
        () => null,
        (e: unknown) => e as { code?: string; message?: string },
      );
      expect(err, `expected ${code}`).not.toBeNull();
      expect(err!.code).toBe(code);
      expect(err!.message!.length).toBeGreaterThan(10);
      if (messagePart) expect(err!.message).toMatch(messagePart);
    }

    beforeAll(async () => {
      ({ api, close } = await makeApi());
      scratch = await mkdtemp(join(tmpdir(), 'latent-suite-'));
    });

    afterAll(async () => {
      await close?.();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    it('reports app info with a backend', async () => {
      const info = await api.call('app.info', undefined);
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(info.backend?.name).toMatch(/^(tensorflow-gpu|tensorflow|wasm|cpu)$/);
      // The engine is its own OS process, and test hooks are off unless a test asks for them.
      expect(info.engine.pid).toBeGreaterThan(0);
      expect(info.engine.pid).not.toBe(process.pid);
      expect(info.engine.crashes).toBe(0);
      expect(info.testHooks).toBe(false);
    });

    it('refuses bad arguments with BAD_ARGUMENT naming the field', async () => {
      await expectCode(
        api.call('dataset.open', { source: { kind: 'nope' }, jobId: 'x' } as never),
        'BAD_ARGUMENT',
        /source\.kind/,
      );
      await expectCode(api.call('latent.samples', { n: -1, seed: 0 }), 'BAD_ARGUMENT', /^Number of samples must be/);
      await expectCode(api.call('train.start', { jobId: 'x' } as never), 'BAD_ARGUMENT', /training settings/);
      await expectCode(
        api.call('latent.decode', { z: { data: [1, 2], rows: 1, cols: 2 } } as never),
        'BAD_ARGUMENT',
        /Float32Array/,
      );
      await expectCode(api.call('model.delete', { id: '../etc' }), 'BAD_ARGUMENT', /id/);
      await expectCode(api.call('nonsense' as never, {} as never), 'BAD_ARGUMENT');
    });

    it('needs a dataset before latent calls', async () => {
      await expectCode(api.call('latent.samples', { n: 2, seed: 0 }), 'DATASET_NOT_LOADED');
    });

    it('reports folder errors: empty → DATASET_EMPTY, missing → NOT_FOUND', async () => {
      const empty = join(scratch, 'empty');
      await mkdir(empty);
      await expectCode(
        api.call('dataset.open', { source: { kind: 'folder', path: empty }, jobId: jobId() }),
        'DATASET_EMPTY',
      );
      await expectCode(
        api.call('dataset.open', { source: { kind: 'folder', path: join(scratch, 'missing') }, jobId: jobId() }),
        'NOT_FOUND',
      );
      expect(await api.call('dataset.info', undefined)).toBeNull();
    });

    it('lists folders, directories first, hidden entries skipped', async () => {
      await mkdir(join(scratch, 'b-dir'));
      await mkdir(join(scratch, '.hidden'));
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(scratch, 'a-file.txt'), 'x');
      const listing = await api.call('fs.list', { path: scratch });
      expect(listing.entries.map((e) => e.name)).toEqual(['b-dir', 'empty', 'a-file.txt']);
      expect(listing.entries[0]!.kind).toBe('dir');
      await expectCode(api.call('fs.list', { path: join(scratch, 'missing') }), 'NOT_FOUND');
    });

    it('opens the built-in MNIST with progress events', async () => {
      const progress = record('job.progress');
      const changed = record('dataset.changed');
      const id = jobId();
      const info = await api.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: id });
      progress.stop();
      changed.stop();
      expect([info.count, info.trainCount, info.testCount]).toEqual([10_000, 9_000, 1_000]);
      expect([info.height, info.width, info.channels]).toEqual([28, 28, 1]);
      expect(info.labelNames).toHaveLength(10);
      expect(progress.events.filter((e) => e.jobId === id).length).toBeGreaterThan(0);
      expect(changed.events.at(-1)?.fingerprint).toBe(info.fingerprint);

      const images = await api.call('dataset.images', { indices: [0, 9_999] });
      expect(images.data).toBeInstanceOf(Uint8Array);
      expect([images.n, images.data.length]).toEqual([2, 2 * 784]);
      const labels = await api.call('dataset.labels', undefined);
      expect(labels).toBeInstanceOf(Int32Array);
      expect(labels.length).toBe(10_000);
      expect(Math.max(...labels)).toBe(9);
      // MNIST has no files: no names, with the fingerprint they would belong to.
      expect(await api.call('dataset.fileNames', undefined)).toEqual({ fingerprint: info.fingerprint, names: null });
      await expectCode(api.call('dataset.images', { indices: [10_000] }), 'BAD_ARGUMENT', /10000/);
    });

    it('needs a model before latent calls', async () => {
      await expectCode(api.call('latent.samples', { n: 2, seed: 0 }), 'MODEL_NOT_LOADED');
      await expectCode(api.call('model.save', { name: 'x' }), 'MODEL_NOT_LOADED');
      await expectCode(api.call('train.pause', undefined), 'NOT_TRAINING');
    });

    let savedId = '';
    let savedDecode: Uint8Array;

    it('trains a short model with step, epoch and state events', async () => {
      const steps = record('train.step');
      const epochs = record('train.epoch');
      const states = record('train.state');
      const models = record('model.changed');
      const id = jobId();
      const result = await api.call('train.start', { config: SHORT, jobId: id });
      [steps, epochs, states, models].forEach((r) => r.stop());

      expect(result.outcome).toBe('completed');
      expect(result.model.config.latent).toBe(8);
      expect(result.model.history).toHaveLength(1);
      expect(result.model.history[0]!.testElbo).toBeLessThan(0);
      expect(result.imagesPerSecond).toBeGreaterThan(0);
      expect(steps.events.length).toBeGreaterThan(0);
      expect(steps.events.at(-1)!.step).toBe(steps.events.at(-1)!.stepsPerEpoch); // the last step is always delivered
      expect(steps.events.every((s) => s.jobId === id && Number.isFinite(s.loss))).toBe(true);
      expect(epochs.events).toHaveLength(1);
      const epoch = epochs.events[0]!;
      expect(epoch.reconstructions.original.n).toBe(8);
      expect(epoch.reconstructions.reconstruction.data).toBeInstanceOf(Uint8Array);
      expect(epoch.reconstructions.reconstruction.data.length).toBe(8 * 784);
      expect(epoch.samples.n).toBe(16);
      expect(states.events.map((s) => s.state)).toEqual(['running', 'idle']);
      expect(models.events.at(-1)?.history).toHaveLength(1);
      expect(await api.call('train.state', undefined)).toBe('idle');
      expect((await api.call('model.info', undefined))?.history).toHaveLength(1);

      // A page opened now rebuilds the Train tab from the snapshot: the same run, every step, the result.
      const snap = await api.call('train.snapshot', undefined);
      expect([snap.state, snap.jobId, snap.epochs, snap.config?.latent]).toEqual(['idle', id, 1, 8]);
      expect(snap.steps.loss).toBeInstanceOf(Float64Array);
      expect(snap.steps.globalStep.length).toBe(steps.events.at(-1)!.globalStep);
      expect(snap.steps.loss.at(-1)).toBe(steps.events.at(-1)!.loss);
      expect(snap.lastStep?.globalStep).toBe(steps.events.at(-1)!.globalStep);
      expect(snap.history).toEqual(result.model.history);
      expect(snap.lastEpoch?.samples.data).toEqual(epoch.samples.data);
      expect(snap.lastEpoch?.reconstructions.reconstruction.data).toEqual(epoch.reconstructions.reconstruction.data);
      expect(snap.result?.outcome).toBe('completed');
    });

    it('serves decode, interpolate, walk, samples, reconstruct, neighbours, codes and projections', async () => {
      const decoded = await api.call('latent.decode', { z: z(3, 8) });
      expect(decoded.data).toBeInstanceOf(Uint8Array);
      expect([decoded.n, decoded.height, decoded.width, decoded.channels, decoded.data.length]).toEqual([
        3,
        28,
        28,
        1,
        3 * 784,
      ]);
      await expectCode(api.call('latent.decode', { z: z(1, 5) }), 'BAD_ARGUMENT', /latent size 8/);

      const interp = await api.call('latent.interpolate', {
        from: 0,
        to: 1,
        ts: [0, 0.25, 0.5, 0.75, 1],
        mode: 'slerp',
      });
      expect(interp.n).toBe(5);

      const walk = await api.call('latent.walk', { base: { kind: 'image', index: 3 }, steps: 5, span: 3 });
      expect(walk.dims).toHaveLength(8);
      expect(walk.images.n).toBe(8 * 5);
      expect(walk.base).toBeInstanceOf(Float32Array);
      expect(walk.kl).toEqual([...walk.kl].sort((a, b) => b - a));
      const walk2 = await api.call('latent.walk', { base: { kind: 'origin' }, dims: [2, 0], steps: 3, span: 2 });
      expect([walk2.dims, walk2.images.n]).toEqual([[2, 0], 6]);

      const samples = await api.call('latent.samples', { n: 4, seed: 1 });
      const again = await api.call('latent.samples', { n: 4, seed: 1 });
      expect(samples.n).toBe(4);
      expect(Buffer.from(again.data).equals(Buffer.from(samples.data))).toBe(true);

      const rec = await api.call('latent.reconstruct', { indices: [5, 6] });
      expect([rec.original.n, rec.reconstruction.n]).toEqual([2, 2]);

      const nb = await api.call('latent.neighbours', { index: 0, k: 5 });
      expect(nb.indices).toHaveLength(5);
      expect(nb.indices).not.toContain(0);
      expect(nb.distances).toEqual([...nb.distances].sort((a, b) => a - b));
      // A label filter searches all images of that label, not the unfiltered top list.
      const labels = await api.call('dataset.labels', undefined);
      const rare = labels[nb.indices[0]!] === 0 ? 1 : 0;
      const ofLabel = await api.call('latent.neighbours', { index: 0, k: 200, label: rare });
      expect(ofLabel.indices).toHaveLength(200);
      expect(ofLabel.indices.every((i) => labels[i] === rare && i !== 0)).toBe(true);
      expect(ofLabel.distances).toEqual([...ofLabel.distances].sort((a, b) => a - b));

      const codes = await api.call('latent.codes', {});
      expect(codes.mu.data).toBeInstanceOf(Float32Array);
      expect([codes.mu.rows, codes.mu.cols, codes.logvar.rows]).toEqual([10_000, 8, 10_000]);
      expect(codes.labels).toBeInstanceOf(Int32Array);

      const pca = await api.call('latent.project', { spec: { method: 'pca' } });
      expect([pca.points.rows, pca.points.cols]).toEqual([10_000, 3]);
      expect(pca.points.data).toBeInstanceOf(Float32Array);
      const dims = await api.call('latent.project', { spec: { method: 'dims', dims: [0, 1, 2] } });
      expect(dims.points.data[3 * 5 + 1]).toBe(codes.mu.data[8 * 5 + 1]);

      const kl = await api.call('latent.klPerDim', undefined);
      expect(kl).toHaveLength(8);
      const progress = record('job.progress');
      const evalId = jobId();
      const metrics = await api.call('metrics.evaluate', { iwSamples: 3, jobId: evalId });
      progress.stop();
      expect(metrics.testElbo).toBeLessThan(0);
      expect(metrics.iwNll).toBeGreaterThan(0);
      expect(metrics.klPerDim).toHaveLength(8);
      expect(metrics.activeUnits).toBeLessThanOrEqual(8);
      expect(progress.events.some((e) => e.jobId === evalId)).toBe(true);

      const manifold = await api.call('latent.manifold', { dims: [0, 1], steps: 4, span: 2, base: { kind: 'origin' } });
      expect(manifold.n).toBe(16);
    });

    it('saves, lists and exports', async () => {
      const entry = await api.call('model.save', { name: 'Suite model' });
      savedId = entry.id;
      expect([entry.name, entry.latent, entry.epochs]).toEqual(['Suite model', 8, 1]);
      const list = await api.call('model.list', undefined);
      expect(list.map((m) => m.id)).toContain(savedId);
      expect((await api.call('model.info', undefined))?.id).toBe(savedId);
      savedDecode = (await api.call('latent.decode', { z: z(2, 8, 0.3) })).data;

      const gif = await api.call('export.gif', {
        source: { kind: 'interpolation', from: 0, to: 1, mode: 'linear' },
        options: { frames: 6, fps: 10, size: 56, pingpong: true },
      });
      expect(gif.bytes).toBeInstanceOf(Uint8Array);
      const reader = new GifReader(gif.bytes!);
      expect([reader.numFrames(), reader.width, reader.height]).toEqual([10, 56, 56]);
      const walkGif = await api.call('export.gif', {
        source: { kind: 'walk', dim: 1, base: { kind: 'origin' }, span: 3 },
        options: { frames: 5, fps: 10, size: 28, pingpong: false },
      });
      expect(new GifReader(walkGif.bytes!).numFrames()).toBe(5);

      // The walk PNG holds exactly the rows asked for (the screen's), each with a label column on the left.
      const walkPng = await api.call('export.png', {
        grid: { kind: 'walk', steps: 5, span: 3, scale: 1, walkDims: [3, 1, 0] },
      });
      const walkMeta = await sharp(walkPng.bytes!).metadata();
      expect(walkMeta.height).toBe(3 * 28 + 2);
      expect(walkMeta.width).toBeGreaterThan(5 * 28 + 4);
      const png = await api.call('export.png', { grid: { kind: 'samples', count: 4 } });
      expect(Buffer.from(png.bytes!.subarray(0, 4)).toString('latin1')).toBe('\x89PNG');
      const csv = await api.call('export.coords', { format: 'csv' });
      expect(new TextDecoder().decode(csv.bytes!).trim().split('\n')).toHaveLength(10_001);
      // A selection: only its rows, in its order, with log σ² after mu.
      const some = await api.call('export.coords', { format: 'csv', indices: [7, 3] });
      const rows = new TextDecoder().decode(some.bytes!).trim().split('\n');
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatch(/,mu_7,logvar_0,.*,logvar_7$/);
      expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['7', '3']);
      await expectCode(api.call('export.coords', { format: 'csv', indices: [10_000] }), 'BAD_ARGUMENT', /Image 10000/);
      // A decoded slice of the plane: 2 × 3 codes as one PNG.
      const slice = await api.call('export.png', { grid: { kind: 'slice', z: z(6, 8, 0.2), cols: 3, scale: 1 } });
      const meta = await sharp(Buffer.from(slice.bytes!)).metadata();
      expect([meta.width, meta.height]).toEqual([3 * 28 + 2, 2 * 28 + 1]);
    });

    it('issue 12: a GIF along base + s·direction, the traversal figure, saved views that export as JSON', async () => {
      const base = new Float32Array(8);
      const direction = new Float32Array(8).fill(0.5);
      const line = await api.call('export.gif', {
        source: { kind: 'line', base, direction, from: 0, to: 3 },
        options: { frames: 4, fps: 10, size: 28, pingpong: false },
      });
      expect(new GifReader(line.bytes!).numFrames()).toBe(4);
      await expect(
        api.call('export.gif', {
          source: { kind: 'line', base: new Float32Array(3), direction, from: 0, to: 1 },
          options: { frames: 4, fps: 10, size: 28, pingpong: false },
        }),
      ).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(/8 values/) });

      const svg = await api.call('export.png', { grid: { kind: 'traversal', indices: [0, 1], format: 'svg' } });
      expect(svg.mime).toBe('image/svg+xml');
      expect(new TextDecoder().decode(svg.bytes!).match(/<image /g)).toHaveLength(2);
      await expect(
        api.call('export.png', { grid: { kind: 'traversal', indices: [0, 1, 2, 3, 4, 5, 6, 7, 8] } }),
      ).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });

      const view = {
        name: 'suite view',
        savedAt: new Date(0).toISOString(),
        modelId: savedId,
        modelName: 'Suite model',
        dataset: { kind: 'builtin' as const, name: 'mnist' as const },
        datasetName: 'MNIST',
        projection: { method: 'pca' as const },
        camera: null,
        a: 1,
        b: 2,
        c: 3,
        selection: [4],
        walk: { steps: 7, span: 3, base: { kind: 'a' as const } },
      };
      expect((await api.call('view.save', { view })).map((v) => v.name)).toContain('suite view');
      expect((await api.call('view.list', undefined)).find((v) => v.name === 'suite view')).toEqual(view);
      const file = await api.call('view.export', { name: 'suite view' });
      expect(JSON.parse(new TextDecoder().decode(file.bytes!))).toEqual(view);
      expect((await api.call('view.delete', { name: 'suite view' })).map((v) => v.name)).not.toContain('suite view');
    });

    it('refuses a GIF over the pixel budget with the numbers; a long GIF reports progress and cancels', async () => {
      const interpolation = { kind: 'interpolation', from: 0, to: 1, mode: 'linear' } as const;
      // 1000 frames of 2048² would be 4.2 G pixels.
      await expectCode(
        api.call('export.gif', {
          source: interpolation,
          options: { frames: 1000, fps: 10, size: 2048, pingpong: false },
        }),
        'BAD_ARGUMENT',
        /1000 frames at 2048 × 2048 px is 4,194,304,000 pixels.*33,554,432/,
      );
      // Within the budget but long (1000 frames of 180²): cancelled after its first progress event.
      const id = jobId();
      const progress = record('job.progress');
      const firstProgress = new Promise<void>((resolve) => {
        const off = api.on('job.progress', (p) => {
          if (p.jobId === id) {
            off();
            resolve();
          }
        });
      });
      const running = api.call('export.gif', {
        source: interpolation,
        options: { frames: 1000, fps: 10, size: 180, pingpong: false },
        jobId: id,
      });
      await firstProgress;
      await api.call('job.cancel', { jobId: id });
      await expectCode(running, 'CANCELLED');
      progress.stop();
      const mine = progress.events.filter((p) => p.jobId === id);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((p) => p.total === 1000 && p.done > 0 && p.done < 1000)).toBe(true);
      // The job is gone: its id can be used again, and the next export works.
      const small = await api.call('export.gif', {
        source: interpolation,
        options: { frames: 3, fps: 10, size: 28, pingpong: false },
        jobId: id,
      });
      expect(new GifReader(small.bytes!).numFrames()).toBe(3);
    });

    it('refuses a second training, pauses, serves calls meanwhile, and cancel keeps the previous model', async () => {
      const before = await api.call('model.info', undefined);
      const id = jobId();
      const firstStep = new Promise<void>((resolve) => {
        const off = api.on('train.step', (s) => {
          if (s.jobId === id) {
            off();
            resolve();
          }
        });
      });
      const running = api.call('train.start', { config: { ...SHORT, limit: 0, epochs: 20 }, jobId: id });
      const outcome = running.then(
        () => 'resolved',
        (e: { code?: string }) => e.code,
      );
      await firstStep;
      await expectCode(api.call('train.start', { config: SHORT, jobId: jobId() }), 'TRAINING_BUSY');
      await api.call('train.pause', undefined);
      expect(await api.call('train.state', undefined)).toBe('paused');
      const during = await api.call('train.snapshot', undefined);
      expect([during.state, during.jobId, during.epochs, during.result]).toEqual(['paused', id, 20, null]);
      expect(during.steps.loss.length).toBeGreaterThan(0);
      // Served during the (paused) training, on the previous model.
      expect((await api.call('latent.decode', { z: z(2, 8, 0.3) })).data).toEqual(savedDecode);
      await expectCode(
        api.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: jobId() }),
        'TRAINING_BUSY',
      );
      await api.call('job.cancel', { jobId: id });
      expect(await outcome).toBe('CANCELLED');
      expect(await api.call('train.state', undefined)).toBe('idle');
      const after = await api.call('model.info', undefined);
      expect(after?.createdAt).toBe(before?.createdAt);
      expect((await api.call('latent.decode', { z: z(2, 8, 0.3) })).data).toEqual(savedDecode);
    });

    it('stop keeps the weights reached so far', async () => {
      const id = jobId();
      const off = api.on('train.step', (s) => {
        if (s.jobId === id) {
          off();
          void api.call('train.stop', undefined);
        }
      });
      const result = await api.call('train.start', { config: { ...SHORT, limit: 0, epochs: 20, seed: 99 }, jobId: id });
      expect(result.outcome).toBe('stopped');
      expect(result.model.id).toBeNull();
      const decoded = await api.call('latent.decode', { z: z(2, 8, 0.3) });
      expect(decoded.data).not.toEqual(savedDecode);
    });

    it('opens a saved model with identical decodes, refuses it on a dataset it does not fit, then deletes it', async () => {
      const info = await api.call('model.open', { id: savedId });
      expect([info.id, info.name]).toEqual([savedId, 'Suite model']);
      expect((await api.call('latent.decode', { z: z(2, 8, 0.3) })).data).toEqual(savedDecode);

      // A 16×16 RGB folder: the 28×28 grey model no longer fits it.
      const folder = join(scratch, 'rgb');
      for (const [label, colour] of [
        ['red', { r: 220, g: 20, b: 20 }],
        ['blue', { r: 20, g: 20, b: 220 }],
      ] as const) {
        await mkdir(join(folder, label), { recursive: true });
        for (let i = 0; i < 6; i++) {
          await sharp({
            create: { width: 16, height: 16, channels: 3, background: { ...colour, g: colour.g + i * 10 } },
          })
            .png()
            .toFile(join(folder, label, `${i}.png`));
        }
      }
      const rgb = await api.call('dataset.open', {
        source: { kind: 'folder', path: folder },
        options: { size: 16 },
        jobId: jobId(),
      });
      expect([rgb.count, rgb.channels, rgb.height]).toEqual([12, 3, 16]);
      await expectCode(api.call('latent.decode', { z: z(1, 8) }), 'MODEL_INCOMPATIBLE');
      await expectCode(api.call('model.open', { id: savedId }), 'MODEL_INCOMPATIBLE', /16/);

      // Cancelling a load keeps the dataset that was open.
      const loadId = jobId();
      const loading = api.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: loadId });
      await api.call('job.cancel', { jobId: loadId });
      await expectCode(loading, 'CANCELLED');
      expect((await api.call('dataset.info', undefined))?.fingerprint).toBe(rgb.fingerprint);

      await api.call('model.delete', { id: savedId });
      expect((await api.call('model.list', undefined)).map((m) => m.id)).not.toContain(savedId);
      await expectCode(api.call('model.open', { id: savedId }), 'NOT_FOUND');
      await expectCode(api.call('model.open', { path: join(scratch, 'no-model') }), 'NOT_FOUND');
      await expectCode(api.call('model.delete', { id: savedId }), 'NOT_FOUND');
    });

    it('records how a folder was loaded in the model, and opening the model loads the folder that way again', async () => {
      const folder = join(scratch, 'rgb');
      const settings = { size: 24, fit: 'pad', colour: 'rgb', background: 'white' } as const;
      const opened = await api.call('dataset.open', {
        source: { kind: 'folder', path: folder },
        options: settings,
        jobId: jobId(),
      });
      expect(opened.folder?.settings).toEqual(settings);
      const trained = await api.call('train.start', { config: { ...SHORT, limit: 0 }, jobId: jobId() });
      expect(trained.model.folder).toEqual(settings);
      const saved = await api.call('model.save', { name: 'Folder model' });

      const other = await api.call('dataset.open', {
        source: { kind: 'folder', path: folder },
        options: { size: 16, fit: 'crop' },
        jobId: jobId(),
      });
      expect(other.folder?.settings).toMatchObject({ size: 16, fit: 'crop', background: 'black' });
      const changed = record('dataset.changed');
      const model = await api.call('model.open', { id: saved.id });
      changed.stop();
      expect(model.folder).toEqual(settings);
      const now = await api.call('dataset.info', undefined);
      expect(now?.folder?.settings).toEqual(settings);
      expect(changed.events.at(-1)?.folder?.settings).toEqual(settings);
      expect((await api.call('latent.decode', { z: z(1, 8) })).height).toBe(24);
      await api.call('model.delete', { id: saved.id });
    });
  });
}
