// The PyTorch references on the same files, in the same run: ../shared/bench/torch_vae_ref.py (MLP,
// IDX files) and ../shared/bench/torch_conv_vae_ref.py (conv, image folders).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PYTHON, TORCH_CONV_REF, TORCH_REF } from './paths.js';
import { CONV_BENCH } from './train-conv.js';
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
  return runReference(args);
}

export interface ConvReferenceRun extends ReferenceRun {
  test_images: number;
  params: number;
  shape: number[];
}

/** The conv reference on folder `train`, scored on folder `test` (the same test images as ours). */
export async function trainConvReference(
  train: string,
  test: string | null,
  epochs: number,
  limit: number,
  threads: number | null,
  seed = 0,
): Promise<ConvReferenceRun | Skipped> {
  const b = CONV_BENCH;
  const args = [
    TORCH_CONV_REF,
    '--data',
    train,
    '--size',
    String(b.side),
    '--channels',
    '3',
    '--epochs',
    String(epochs),
    '--batch',
    String(b.batch),
    '--filters',
    b.filters.join(','),
    '--hidden',
    b.hidden.join(','),
    '--latent',
    String(b.latent),
    '--loss',
    'bce',
    '--seed',
    String(seed),
  ];
  if (test) args.push('--test-data', test);
  else args.push('--test-fraction', '0');
  if (limit > 0) args.push('--limit', String(limit));
  if (threads !== null) args.push('--threads', String(threads));
  return runReference(args) as Promise<ConvReferenceRun | Skipped>;
}

function runReference(args: string[]): Promise<ReferenceRun | Skipped> {
  const script = args[0]!;
  if (!existsSync(script)) return Promise.resolve(skipped(`${script} is missing`));
  if (!existsSync(PYTHON)) return Promise.resolve(skipped(`${PYTHON} is missing`));
  return new Promise((resolve) => {
    execFile(PYTHON, args, { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (/No module named 'torch'/.test(stderr)) {
        resolve(skipped('PyTorch is not installed (apt-get install -y python3-torch)'));
        return;
      }
      if (/No module named 'PIL'/.test(stderr)) {
        resolve(skipped('Pillow is not installed (apt-get install -y python3-pil)'));
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
