// The lock's judgement of a lock file it finds: live holder, another machine, a recycled pid, a
// dead holder, a file still being written. Real lock files, real pids (this test's parent process).
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from './data-dir-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'le-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = (): string => join(dir, LOCK_FILE);
const holder = (h: object): void => writeFileSync(lockFile(), JSON.stringify({ since: '2026-01-01T00:00:00Z', ...h }));
const parentStart = (): string => {
  const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};

it('refuses while a live process holds it, in this process too, and is free again after release', async () => {
  const lock = await lockDataDir(dir);
  for (const spelling of [dir, `${dir}/`, join(dir, '.')]) {
    await expect(lockDataDir(spelling)).rejects.toMatchObject({
      code: 'DATA_DIR_LOCKED',
      message: expect.stringContaining(`pid ${process.pid}`),
    });
  }
  await lock.release();
  expect(readdirSync(dir)).toEqual([]);
  await (await lockDataDir(dir)).release();
});

it('respects a live holder (the parent process) and one on another machine', async () => {
  holder({ pid: process.ppid, host: hostname(), started: null });
  await expect(lockDataDir(dir)).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED' });
  holder({ pid: 4999999, host: 'another-machine', started: null });
  await expect(lockDataDir(dir)).rejects.toMatchObject({
    code: 'DATA_DIR_LOCKED',
    message: expect.stringContaining('on another-machine'),
  });
});

it('takes over the lock of a dead process and of a recycled pid (same pid, other start time)', async (ctx) => {
  holder({ pid: 4999999, host: hostname(), started: null });
  await (await lockDataDir(dir)).release();
  try {
    parentStart();
  } catch {
    return ctx.skip('no /proc here: a recycled pid cannot be told from its holder');
  }
  holder({ pid: process.ppid, host: hostname(), started: `${parentStart()}0` });
  const lock = await lockDataDir(dir);
  expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
  await lock.release();
});

it('waits out a lock file being written (unreadable and fresh), takes over an old unreadable one', async () => {
  writeFileSync(lockFile(), '');
  await expect(lockDataDir(dir)).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', message: /starting/ });
  const old = new Date(Date.now() - 60_000);
  utimesSync(lockFile(), old, old);
  await (await lockDataDir(dir)).release();
});
