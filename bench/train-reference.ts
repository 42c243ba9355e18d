// The PyTorch reference (../shared/bench/torch_vae_ref.py) on the same IDX files, in the same run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PYTHON, TORCH_REF } from './paths.js';
import { skipped, type Skipped } from './stats.js';

export interface ReferenceRun {
  impl: string;
  threads: number;
  images: number;
  samples_per_s: number;
  train_loss: number[];
  test_elbo: number | null;
}

export async function trainReference(dir: string, epochs: number, limit: number): Promise<ReferenceRun | Skipped> {
  if (!existsSync(TORCH_REF)) return skipped(`${TORCH_REF} is missing`);
  if (!existsSync(PYTHON)) return skipped(`${PYTHON} is missing`);
  const args = [
    TORCH_REF,
    '--data',
    dir,
    '--epochs',
    String(epochs),
    '--batch',
    '128',
    '--hidden',
    '512',
    '--latent',
    '20',
  ];
  if (limit > 0) args.push('--limit', String(limit));
  return new Promise((resolve) => {
    execFile(PYTHON, args, { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (/No module named 'torch'/.test(stderr)) {
        resolve(skipped('PyTorch is not installed (apt-get install -y python3-torch)'));
        return;
      }
      if (err) {
        resolve(skipped(`the reference failed: ${stderr.trim().split('\n').at(-1) ?? err.message}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as ReferenceRun);
      } catch {
        resolve(skipped(`the reference printed no JSON: ${stdout.slice(-200)}`));
      }
    });
  });
}
