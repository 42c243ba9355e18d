import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../shared/contract.js';
import { selectBackend } from './backend.js';
import { createVae } from './index.js';
import { decode } from './inference.js';
import { sampleCodes } from './latent-math.js';
import { cleanLeftovers, inspectModel, loadModel, saveModel } from './store.js';
import { train } from './train.js';
import { mnist } from './test-data.js';
import { mountTmpfs, NO_MOUNT_REASON, unmountAll } from './test-tmpfs.js';

let dir: string;
const meta = {
  name: 'digits',
  backend: 'wasm' as const,
  seed: 0,
  datasetFingerprint: 'fp-1',
  datasetName: 'MNIST',
  history: [],
  createdAt: '2026-01-01T00:00:00.000Z',
};

beforeAll(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'engine-store-'));
});
afterAll(async () => {
  unmountAll();
  await rm(dir, { recursive: true, force: true });
});

describe('saveModel / loadModel', () => {
  it('round-trips: identical decodes, meta kept, no leaks', async () => {
    const baseline = tf.memory().numTensors;
    const model = createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [64], latent: 4, epochs: 1, limit: 256 },
      { height: 28, width: 28, channels: 1 },
    );
    await train(model, mnist('train', 256), null);
    const target = path.join(dir, 'm1');
    const before = tf.memory().numTensors;
    await saveModel(model, meta, target);
    expect(tf.memory().numTensors).toBe(before);
    expect((await readdir(target)).sort()).toEqual(['meta.json', 'weights.bin', 'weights.json']);
    const { model: loaded, meta: m2 } = await loadModel(target);
    expect(m2.name).toBe('digits');
    expect(m2.config.latent).toBe(4);
    expect(m2.shape).toEqual({ height: 28, width: 28, channels: 1 });
    const z = sampleCodes(8, 4, 9);
    expect(decode(loaded, z).data).toEqual(decode(model, z).data);
    loaded.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline); // both models' variables are gone with them
  });

  it('replaces an existing model only when asked, in place, leaving only the new files', async () => {
    const target = path.join(dir, 'm2');
    const a = createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2, seed: 1 },
      { height: 28, width: 28, channels: 1 },
    );
    const b = createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2, seed: 2 },
      { height: 28, width: 28, channels: 1 },
    );
    await saveModel(a, { ...meta, name: 'a' }, target);
    await expect(saveModel(b, { ...meta, name: 'b' }, target)).rejects.toMatchObject({
      code: 'TARGET_EXISTS',
      message: expect.stringMatching(/already holds a model; it was left untouched/),
    });
    expect((await loadModel(target)).meta.name).toBe('a');
    await saveModel(b, { ...meta, name: 'b' }, target, { replace: true });
    const { model, meta: m } = await loadModel(target);
    expect(m.name).toBe('b');
    const z = sampleCodes(2, 2, 1);
    expect(decode(model, z).data).toEqual(decode(b, z).data);
    // meta.json names the new weight files; the first model's files are gone, nothing temporary is left.
    const files = (await readdir(target)).sort();
    expect(files).toEqual(['meta.json', `${m.manifest!.replace('.json', '.bin')}`, m.manifest!].sort());
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
    // A third save replaces the replaced one the same way.
    await saveModel(a, { ...meta, name: 'a again' }, target, { replace: true });
    expect((await readdir(target)).length).toBe(3);
    expect((await loadModel(target).then(({ model: x, meta: mm }) => (x.dispose(), mm))).name).toBe('a again');
    [a, b, model].forEach((x) => x.dispose());
  });

  it('never writes over what is not a model: a folder of files, a plain file, a non-model meta.json', async () => {
    const m = createVae({ ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2 }, { height: 28, width: 28, channels: 1 });
    const photos = path.join(dir, 'photos');
    await mkdir(photos);
    await writeFile(path.join(photos, 'holiday.jpg'), 'my photo');
    const plain = path.join(dir, 'notes.txt');
    await writeFile(plain, 'my notes');
    const other = path.join(dir, 'other-app');
    await mkdir(other);
    await writeFile(path.join(other, 'meta.json'), '{"format":"something-else"}');
    for (const target of [photos, plain, other]) {
      for (const replace of [false, true]) {
        await expect(saveModel(m, meta, target, { replace })).rejects.toMatchObject({
          code: 'TARGET_EXISTS',
          message: expect.stringMatching(/is not a Latent Explorer model .*left untouched/),
        });
      }
    }
    expect(await readFile(path.join(photos, 'holiday.jpg'), 'utf8')).toBe('my photo');
    expect(await readdir(photos)).toEqual(['holiday.jpg']);
    expect(await readFile(plain, 'utf8')).toBe('my notes');
    expect(await readFile(path.join(other, 'meta.json'), 'utf8')).toBe('{"format":"something-else"}');
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
    // An empty folder holds nothing to lose: the model goes there.
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    await saveModel(m, meta, empty);
    (await loadModel(empty)).model.dispose();
    m.dispose();
  });

  it('validates meta.json on read and names the field (createdAt: null, history: null, bad history entry)', async () => {
    const target = path.join(dir, 'm4');
    const m = createVae({ ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2 }, { height: 28, width: 28, channels: 1 });
    await saveModel(m, meta, target);
    m.dispose();
    const metaFile = path.join(target, 'meta.json');
    const good = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ createdAt: null }, /createdAt must be a text \(got null\)/],
      [{ history: null }, /history must be a list of epochs \(got null\)/],
      [{ history: [{ epoch: 1, loss: null, recon: 1, kl: 1, testElbo: null, seconds: 1 }] }, /history\[0\]\.loss/],
      [{ name: '' }, /name must be a text/],
      [{ shape: { height: 28, width: 28, channels: 2 } }, /shape\.channels must be one of 1, 3/],
      [{ manifest: '../../etc/passwd' }, /manifest must be a file name/],
      [
        { folder: { size: 28, fit: 'stretch', colour: 'grey', background: 'black' } },
        /folder\.fit must be one of crop, pad/,
      ],
    ];
    for (const [patch, reason] of cases) {
      await writeFile(metaFile, JSON.stringify({ ...good, ...patch }));
      await expect(loadModel(target)).rejects.toMatchObject({
        code: 'MODEL_INVALID',
        message: expect.stringMatching(reason),
      });
      await expect(inspectModel(target)).rejects.toMatchObject({
        code: 'MODEL_INVALID',
        message: expect.stringMatching(reason),
      });
    }
    await writeFile(metaFile, JSON.stringify(good));
    expect((await inspectModel(target)).name).toBe('digits');
  });

  it('refuses to write a meta.json it could not read back, and leaves nothing behind', async () => {
    const m = createVae({ ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2 }, { height: 28, width: 28, channels: 1 });
    const target = path.join(dir, 'm5');
    const broken = { ...meta, history: null } as unknown as typeof meta;
    await expect(saveModel(m, broken, target)).rejects.toMatchObject({
      code: 'EXPORT_FAILED',
      message: expect.stringMatching(/history must be a list/),
    });
    await expect(readdir(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
    m.dispose();
  });

  it('a save that fails on a full disk says so and leaves nothing behind (new folder and replace)', async (ctx) => {
    const disk = mountTmpfs(path.join(dir, 'small-disk'), 'size=1m');
    if (!disk) return ctx.skip(NO_MOUNT_REASON);
    const small = createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2 },
      { height: 28, width: 28, channels: 1 },
    );
    // 784·512 weights twice ≈ 3.2 MB: more than the whole disk.
    const big = createVae(
      { ...DEFAULT_TRAIN_CONFIG, hidden: [512], latent: 2 },
      { height: 28, width: 28, channels: 1 },
    );
    await expect(saveModel(big, meta, path.join(disk, 'new'))).rejects.toMatchObject({
      code: 'EXPORT_FAILED',
      message: expect.stringMatching(/the disk is full \(ENOSPC\); nothing was left behind/),
    });
    expect(await readdir(disk)).toEqual([]);
    const target = path.join(disk, 'kept');
    await saveModel(small, { ...meta, name: 'small' }, target);
    const before = (await readdir(target)).sort();
    await expect(saveModel(big, meta, target, { replace: true })).rejects.toMatchObject({
      code: 'EXPORT_FAILED',
      message: expect.stringMatching(/the disk is full \(ENOSPC\); the model that was there is unchanged/),
    });
    expect((await readdir(target)).sort()).toEqual(before);
    expect((await inspectModel(target)).name).toBe('small');
    expect(await readdir(disk)).toEqual(['kept']);
    small.dispose();
    big.dispose();
  });

  it('cleanLeftovers removes temp folders of dead writers and puts back a model version 0.1 had moved aside', async () => {
    const m = createVae({ ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2 }, { height: 28, width: 28, channels: 1 });
    const parent = path.join(dir, 'store');
    await mkdir(parent);
    // 0.1 killed between its two renames: the previous model sits in `.x.tmp-PID-MS-old`, `x` is gone.
    await saveModel(m, { ...meta, name: 'kept' }, path.join(parent, '.x.tmp-4999999-1764637000000-old'));
    await saveModel(m, meta, path.join(parent, '.y.tmp-4999999-1764637000000'));
    const live = path.join(parent, `.z.tmp-${process.pid}-0123abcd`); // a save of this process, in progress
    await mkdir(live);
    await mkdir(path.join(parent, '.hidden-user-folder'));
    await cleanLeftovers(parent);
    expect((await readdir(parent)).sort()).toEqual(['.hidden-user-folder', path.basename(live), 'x'].sort());
    expect((await inspectModel(path.join(parent, 'x'))).name).toBe('kept');
    m.dispose();
  });

  it('rejects broken model directories with MODEL_INVALID and a reason', async () => {
    const target = path.join(dir, 'm3');
    const m = createVae({ ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2 }, { height: 28, width: 28, channels: 1 });
    await saveModel(m, meta, target);
    m.dispose();
    await expect(loadModel(path.join(dir, 'nope'))).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/meta\.json cannot be read/),
    });
    const weights = path.join(target, 'weights.bin');
    const bytes = await readFile(weights);
    await writeFile(weights, bytes.subarray(0, 100));
    await expect(loadModel(target)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/bytes, expected/),
    });
    await writeFile(weights, bytes);
    const metaFile = path.join(target, 'meta.json');
    const good = await readFile(metaFile, 'utf8');
    await writeFile(metaFile, good.replace('"latent": 2', '"latent": 3'));
    await expect(loadModel(target)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/expected/),
    });
    await writeFile(metaFile, '{not json');
    await expect(loadModel(target)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/not valid JSON/),
    });
  });
});
