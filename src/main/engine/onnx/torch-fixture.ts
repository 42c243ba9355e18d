// Test helper (not part of the engine): trains a small VAE with python/train.py (Debian's
// python3-torch) and returns its report. Tests skip, saying why, when python3 or torch is missing.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
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
  /** Trainable parameters of the PyTorch model (encoder + decoder). */
  parameters: number;
  out: string;
  processes: number;
}

function parseReport(stdout: string): TorchReport {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as TorchReport;
}

function trainArgs(args: string[]): string[] {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'le-torch-')), 'model');
  return [TRAIN_PY, '--data', MNIST_IDX, '--out', out, '--threads', '1', ...args];
}

/** Runs train.py in one process and parses its last stdout line. */
export function trainWithTorch(args: string[]): TorchReport {
  const r = spawnSync(PYTHON, trainArgs(args), { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`train.py failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return parseReport(r.stdout);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs train.py as `procs` DDP processes on this machine with the environment torchrun sets
 * (RANK, WORLD_SIZE, MASTER_ADDR/PORT). Not torchrun itself: Debian 12's torch 1.13 launcher fails
 * under Python 3.11 (its Std flag parsing returns None), the training script is the same either way.
 */
export async function trainDistributed(args: string[], procs: number): Promise<TorchReport> {
  const argv = trainArgs(args);
  const port = await freePort();
  const runs = Array.from({ length: procs }, (_, rank) => {
    const env = {
      ...process.env,
      OMP_NUM_THREADS: '1',
      RANK: String(rank),
      LOCAL_RANK: String(rank),
      WORLD_SIZE: String(procs),
      MASTER_ADDR: '127.0.0.1',
      MASTER_PORT: String(port),
    };
    const child = spawn(PYTHON, argv, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise<string>((resolve, reject) =>
      child.on('close', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`rank ${rank} failed (${code}): ${stderr.slice(-2000)}`)),
      ),
    );
  });
  const outs = await Promise.all(runs);
  return parseReport(outs[0]!);
}
