// Where the bench finds its inputs, relative to the repository root.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** MNIST-10k as gzipped IDX (9,000 train / 1,000 t10k): the same files on both sides. */
export const MNIST_DIR = join(ROOT, 'resources', 'mnist');
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
/** The PyTorch reference lives next to the repository: ../shared/bench. */
export const TORCH_REF = join(ROOT, '..', 'shared', 'bench', 'torch_vae_ref.py');
export const TORCH_CONV_REF = join(ROOT, '..', 'shared', 'bench', 'torch_conv_vae_ref.py');
export const PYTHON = '/usr/bin/python3';
export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const TABLE = join(ROOT, 'docs', 'benchmarks.md');

export function hasFashion(): boolean {
  return (
    existsSync(join(FASHION_DIR, 'train-images-idx3-ubyte.gz')) ||
    existsSync(join(FASHION_DIR, 'train-images-idx3-ubyte'))
  );
}
