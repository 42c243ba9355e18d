// `train --out` never costs the user a file, and a divergence says truthfully what is on disk: the
// real command as a subprocess (bin/latent-explorer.mjs) on a few hundred built-in MNIST digits.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../engine/backend.js';
import { inspectModel } from '../engine/store.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'latent-explorer.mjs');
const SMALL = ['--data', 'builtin:mnist', '--limit', '200', '--epochs', '1', '--latent', '2', '--hidden', '16'];

function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Every file under a folder with its content, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name)] = readFileSync(join(e.parentPath, e.name), 'base64');
  }
  return out;
}

let dir: string;
beforeAll(async () => {
  await selectBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'le-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train --out', () => {
  it('refuses a folder of the user’s files, a plain file and "." (exit 2, nothing touched)', async () => {
    const photos = join(dir, 'photos');
    mkdirSync(join(photos, '2024'), { recursive: true });
    writeFileSync(join(photos, '2024', 'beach.jpg'), 'not really a jpeg, but mine');
    writeFileSync(join(dir, 'notes.txt'), 'my notes');
    const before = snapshot(dir);
    for (const [out, cwd] of [
      [photos, ROOT],
      [join(dir, 'notes.txt'), ROOT],
      ['.', photos],
    ] as const) {
      const r = await cli(['train', ...SMALL, '--out', out, '--overwrite'], cwd);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/already exists and is not a Latent Explorer model .*left untouched/);
      expect(r.stdout).toBe('');
    }
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('replaces an existing model only with --overwrite', async () => {
    const out = join(dir, 'model');
    expect((await cli(['train', ...SMALL, '--out', out])).code).toBe(0);
    const first = snapshot(out);
    const again = await cli(['train', ...SMALL, '--seed', '5', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a model; it was left untouched.*--overwrite/);
    expect(snapshot(out)).toEqual(first);
    const replaced = await cli(['train', ...SMALL, '--seed', '5', '--out', out, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect((await inspectModel(out)).seed).toBe(5);
    expect(readdirSync(out)).toHaveLength(3);
  });
  it('removes what a killed earlier save of the same --out left, and nothing else', async () => {
    const parent = join(dir, 'leftovers');
    const own = join(parent, '.digits.tmp-4999999-0badc0de'); // pid 4999999 cannot be running
    const other = join(parent, '.holiday.tmp-4999999-0badc0de');
    for (const d of [own, other]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'weights.bin'), 'half written');
    }
    const r = await cli(['train', ...SMALL, '--out', join(parent, 'digits')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(parent).sort()).toEqual(['.holiday.tmp-4999999-0badc0de', 'digits']);
  });
});

describe('train diverging', () => {
  // Learning rate 10 with the Gaussian loss blows up within a few steps; one step per epoch (8
  // images, batch 8) or many steps per epoch decide whether an epoch finished first.
  const DIVERGE = ['--data', 'builtin:mnist', '--loss', 'mse', '--lr', '10', '--batch', '8', '--latent', '4'];
  it.each([
    ['after an epoch finished', ['--limit', '16', '--epochs', '6', '--hidden', '64']],
    ['in the first epoch', ['--limit', '500', '--epochs', '2', '--hidden', '64']],
  ])('%s: says truthfully what --out holds', async (_label, extra) => {
    const out = join(dir, `diverged-${extra[1]}`);
    const r = await cli(['train', ...DIVERGE, ...extra, '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.startsWith('latent-explorer: '))!;
    expect(line).toMatch(/Training diverged in epoch (\d+)/);
    const diverged = Number(/in epoch (\d+)/.exec(line)![1]);
    const kept = /holds the model after epoch (\d+)/.exec(line);
    if (kept) {
      // The message names the epoch, and that is what is on disk: a loadable model with that history.
      expect(Number(kept[1])).toBe(diverged - 1);
      const meta = await inspectModel(out);
      expect(meta.history.map((h) => h.epoch)).toEqual(Array.from({ length: diverged - 1 }, (_, i) => i + 1));
    } else {
      expect(line).toMatch(/Nothing was saved: no epoch had finished/);
      expect(diverged).toBe(1);
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
