// Issue 13 end to end through the real `latent-explorer` subprocess: a conv VAE trained by
// python/train.py (PyTorch) imported and evaluated; our own model exported to ONNX and imported back.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as omggifNs from 'omggif';
import { torchMissing, trainWithTorch, type TorchReport } from '../engine/onnx/torch-fixture.js';
import { skipTitle } from '../test-skip.js';

const omggif = ((omggifNs as unknown as { default?: unknown }).default ?? omggifNs) as {
  GifReader: new (buf: Uint8Array) => { numFrames(): number; width: number };
};

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'latent-explorer.mjs');
const NO_STACK = /\n\s+at .+:\d+:\d+/;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const last = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

const missing = torchMissing();

let dir: string;
let torch: TorchReport;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'le-onnx-cli-'));
  if (!missing)
    torch = trainWithTorch(['--arch', 'conv', '--hidden', '64', '--latent', '6', '--epochs', '1', '--limit', '2000']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(missing !== null)(skipTitle('latent-explorer import / export-onnx (subprocess)', missing), () => {
  it('import + eval + gif: a PyTorch conv VAE, its test ELBO that of PyTorch up to sampling noise', async () => {
    const model = join(dir, 'torch-conv');
    const enc = join(torch.out, 'encoder.onnx');
    const dec = join(torch.out, 'decoder.onnx');
    const r = await cli(['import', '--encoder', enc, '--decoder', dec, '--out', model]);
    expect(r.code, r.stderr).toBe(0);
    expect(last(r.stdout)).toMatchObject({ command: 'import', shape: { height: 28, width: 28, channels: 1 } });
    const e = await cli(['eval', '--model', model, '--data', 'builtin:mnist', '--iw-samples', '5']);
    expect(e.code, e.stderr).toBe(0);
    const report = last(e.stdout);
    // eval's ELBO is a single-sample estimate (noise ≈ 1 nat on 1000 images); the 1-nat comparison
    // with averaged samples is in engine/onnx/onnx-import.test.ts.
    expect(Math.abs((report.test_elbo as number) - torch.test_elbo)).toBeLessThan(3);
    expect(report.kl_per_dim as number[]).toHaveLength(6);
    const gif = join(dir, 'torch.gif');
    const g = await cli([
      'gif',
      '--model',
      model,
      '--data',
      'builtin:mnist',
      '--from',
      '0',
      '--to',
      '9999',
      '--frames',
      '5',
      '--size',
      '56',
      '--out',
      gif,
    ]);
    expect(g.code, g.stderr).toBe(0);
    expect(new omggif.GifReader(new Uint8Array(readFileSync(gif))).numFrames()).toBe(5);
    // Importing over an existing folder is refused (TARGET_EXISTS: exit 2, as train --out), nothing touched.
    const again = await cli(['import', '--encoder', enc, '--decoder', dec, '--out', model]);
    expect(again.code).toBe(2);
    expect(again.stderr).not.toMatch(NO_STACK);
    expect(again.stderr).toMatch(/already exists/);
    // export-onnx of an imported model hands back the very files it came from.
    const out = join(dir, 'reexport');
    const x = await cli(['export-onnx', '--model', model, '--out', out]);
    expect(x.code, x.stderr).toBe(0);
    expect(readFileSync(join(out, 'encoder.onnx')).equals(readFileSync(enc))).toBe(true);
    expect(readFileSync(join(out, 'decoder.onnx')).equals(readFileSync(dec))).toBe(true);
  });

  it('import refuses a decoder given as the encoder, and a missing file, in one line', async () => {
    const dec = join(torch.out, 'decoder.onnx');
    const swapped = await cli(['import', '--encoder', dec, '--decoder', dec, '--out', join(dir, 'x')]);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toMatch(/encoder input must be \[n, C, H, W\] or \[n, C·H·W\]|latent|encoder/i);
    expect(swapped.stderr).not.toMatch(NO_STACK);
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const none = await cli(['import', '--encoder', join(dir, 'nope.onnx'), '--decoder', dec, '--out', join(dir, 'y')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No such file/);
  });

  it('export-onnx of a model trained by train, imported back, evaluates to the same test ELBO', async () => {
    const ours = join(dir, 'ours');
    const t = await cli([
      'train',
      '--data',
      'builtin:mnist',
      '--limit',
      '300',
      '--epochs',
      '1',
      '--latent',
      '3',
      '--hidden',
      '32',
      '--out',
      ours,
    ]);
    expect(t.code, t.stderr).toBe(0);
    const x = await cli(['export-onnx', '--model', ours, '--out', join(dir, 'onnx')]);
    expect(x.code, x.stderr).toBe(0);
    const back = join(dir, 'back');
    const i = await cli([
      'import',
      '--encoder',
      join(dir, 'onnx', 'encoder.onnx'),
      '--decoder',
      join(dir, 'onnx', 'decoder.onnx'),
      '--out',
      back,
    ]);
    expect(i.code, i.stderr).toBe(0);
    const [a, b] = await Promise.all([
      cli(['eval', '--model', ours, '--data', 'builtin:mnist', '--iw-samples', '2']),
      cli(['eval', '--model', back, '--data', 'builtin:mnist', '--iw-samples', '2']),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(Math.abs((last(a.stdout).test_elbo as number) - (last(b.stdout).test_elbo as number))).toBeLessThan(1e-2);
  });
});
