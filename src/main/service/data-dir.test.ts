// The data folder at start-up, with real processes and real file systems: two hosts on one folder
// (the second is refused with a message, a killed holder's lock is taken over), a read-only and a
// full disk (real tmpfs mounts where this machine allows mounting), leftovers of crashed saves
// removed, broken models listed with their reason, and unique model names.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../shared/contract.js';
import { mountTmpfs, NO_MOUNT_REASON, unmountAll } from '../engine/test-tmpfs.js';
import { LOCK_FILE } from './data-dir-lock.js';
import { createLatentService } from './latent-service.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const resourcesDir = join(ROOT, 'resources');
let base: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'le-datadir-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Host {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function serve(dataDir: string): Host {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/web/serve-main.ts', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: SIGKILL to the group ends it like a crash would
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function until(what: string, ok: () => boolean, host: Host, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; host output:\n${host.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lockPid = (dir: string): number =>
  (JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number }).pid;

describe('one running copy per data folder', () => {
  it('refuses a second host with a message naming the folder and the holder; takes over after a kill -9', async () => {
    const dataDir = join(base, 'shared');
    const first = serve(dataDir);
    try {
      await until('the first host to lock', () => existsSync(join(dataDir, LOCK_FILE)), first);
      expect(lockPid(dataDir)).toBe(first.child.pid);

      const second = serve(dataDir);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`The data folder ${dataDir} is in use by another running Latent Explorer`);
      expect(second.output()).toContain(`pid ${first.child.pid}`);
      expect(lockPid(dataDir)).toBe(first.child.pid);

      // In this process too: a service on a folder a live process holds is refused before it starts.
      await expect(createLatentService({ dataDir, resourcesDir, host: 'in-process' })).rejects.toMatchObject({
        code: 'DATA_DIR_LOCKED',
      });
    } finally {
      process.kill(-first.child.pid!, 'SIGKILL');
      await first.exited;
    }
    // The holder died without releasing: its lock is stale and the next start takes it over.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    const third = serve(dataDir);
    try {
      await until(
        'the third host to take the lock over',
        () => {
          try {
            return lockPid(dataDir) === third.child.pid;
          } catch {
            return false;
          }
        },
        third,
      );
      expect(third.output()).not.toMatch(/in use by/);
    } finally {
      process.kill(-third.child.pid!, 'SIGTERM');
      await third.exited;
    }
    // A clean stop releases the lock.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 180_000);
});

afterAll(unmountAll);

describe('an unusable data folder is named with its cause at start-up', () => {
  it('read-only disk', async (ctx) => {
    const dir = mountTmpfs(join(base, 'ro'), 'ro,size=4m');
    if (!dir) return ctx.skip(NO_MOUNT_REASON);
    // The folder itself on a read-only disk, and a folder still to be created there.
    for (const dataDir of [dir, join(dir, 'Latent Explorer')]) {
      await expect(createLatentService({ dataDir, resourcesDir, host: 'in-process' })).rejects.toMatchObject({
        code: 'DATA_DIR_UNUSABLE',
        message: `Latent Explorer cannot use its data folder ${dataDir}: the disk is read-only (EROFS). Free space or fix its permissions, or give it another data folder (serve --data-dir DIR).`,
      });
    }
  });

  it('full disk', async (ctx) => {
    const dir = mountTmpfs(join(base, 'full'), 'size=1m');
    if (!dir) return ctx.skip(NO_MOUNT_REASON);
    await expect(createLatentService({ dataDir: dir, resourcesDir, host: 'in-process' })).rejects.toMatchObject({
      code: 'DATA_DIR_UNUSABLE',
      message: expect.stringContaining(`cannot use its data folder ${dir}: its disk is full (`),
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a file where the folder should be', async () => {
    const file = join(base, 'a-file');
    writeFileSync(file, 'mine');
    await expect(createLatentService({ dataDir: file, resourcesDir, host: 'in-process' })).rejects.toMatchObject({
      code: 'DATA_DIR_UNUSABLE',
      message: expect.stringContaining(`${file}: it is a file, not a folder`),
    });
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });
});

describe('the model store of a data folder', () => {
  it('removes crash leftovers at start, lists a broken model with its reason, and keeps names unique', async () => {
    const dataDir = join(base, 'store');
    const models = join(dataDir, 'models');
    // A save killed mid-write (dead pid) and a model folder whose meta.json was damaged by hand.
    mkdirSync(join(models, '.digits.tmp-4999999-0badc0de'), { recursive: true });
    writeFileSync(join(models, '.digits.tmp-4999999-0badc0de', 'weights.bin'), 'half');
    mkdirSync(join(models, 'damaged'));
    writeFileSync(
      join(models, 'damaged', 'meta.json'),
      JSON.stringify({
        format: 'latent-explorer-vae@1',
        name: 'hand-edited',
        config: DEFAULT_TRAIN_CONFIG,
        shape: { height: 28, width: 28, channels: 1 },
        backend: 'wasm',
        seed: 0,
        datasetFingerprint: 'fp',
        datasetName: 'MNIST',
        history: [],
        createdAt: null,
      }),
    );
    const service = await createLatentService({ dataDir, resourcesDir, host: 'in-process' });
    try {
      expect(readdirSync(models)).toEqual(['damaged']);
      await service.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'load' });
      const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [16], latent: 2, epochs: 1, limit: 200 };
      await service.call('train.start', { config, jobId: 'train' });
      const a = await service.call('model.save', { name: 'digits' });
      const b = await service.call('model.save', { name: 'Digits ' });
      const c = await service.call('model.save', { name: 'digits (2)' });
      expect([a.name, b.name, c.name]).toEqual(['digits', 'Digits (2)', 'digits (3)']);
      const list = await service.call('model.list', undefined);
      expect(list.map((e) => e.name).sort()).toEqual(['Digits (2)', 'digits', 'digits (3)', 'hand-edited']);
      const broken = list.find((e) => e.id === 'damaged')!;
      expect(broken.broken).toMatch(/createdAt must be a text \(got null\)/);
      expect(list.filter((e) => e.broken !== undefined)).toHaveLength(1);
      await expect(service.call('model.open', { id: 'damaged' })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    } finally {
      await service.close();
    }
  }, 120_000);
});
