// Test helper (not part of the engine): trains a small VAE with python/train.py (Debian's
// python3-torch) and returns its report. Tests skip, saying why, when python3 or torch is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PYTHON = process.env.LATENT_EXPLORER_PYTHON || '/usr/bin/python3';
export const TRAIN_PY = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../python/train.py');
export const MNIST_IDX = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../resources/mnist');

/** null when torch can be imported, else the reason the PyTorch tests are skipped. */
export function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot be run (${r.error.message}); install python3 and python3-torch`;
  if (r.status !== 0) return `${PYTHON} has no torch (apt-get install -y python3-torch)`;
  return null;
}

export interface TorchReport {
  test_elbo: number;
  mu_first5_test: number[][];
  out: string;
  processes: number;
}

/** Runs train.py (or `torch.distributed.run` with `procs` processes) and parses its last stdout line. */
export function trainWithTorch(args: string[], procs = 1): TorchReport {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'le-torch-')), 'model');
  const base = [TRAIN_PY, '--data', MNIST_IDX, '--out', out, '--threads', '1', ...args];
  const argv = procs > 1 ? ['-m', 'torch.distributed.run', '--standalone', `--nproc_per_node=${procs}`, ...base] : base;
  const r = spawnSync(PYTHON, argv, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`train.py failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as TorchReport;
}
