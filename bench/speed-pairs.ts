// Issue 9's two wall-clock ratios alone, repeated: ours (engine.train, whole epochs) and the PyTorch
// reference back to back, R rounds, medians. For checking a speed change on a shared machine
// without the whole `npm run bench`; run it under the heavy-job lock:
//   flock /tmp/le-heavy.lock npx tsx bench/speed-pairs.ts [--rounds 3] [--mlp-epochs 5] [--conv-epochs 1] [--only mlp|conv]
// Prints one JSON line per run and a summary line: median wall ratio per row, the spread, and the
// 1-minute load average around each run (other users' work shows there).
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { iconFolder } from './icon-folder.js';
import { MNIST_DIR, RESULTS_DIR } from './paths.js';
import { round, type Skipped } from './stats.js';
import { trainConvOurs } from './train-conv.js';
import { trainOurs } from './train-ours.js';
import { trainConvReference, trainReference } from './train-reference.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const rounds = Number(opt('rounds', '3'));
const only = opt('only', '');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
const load = () => round(loadavg()[0]!, 2);
const isSkipped = (x: object): x is Skipped => typeof (x as Partial<Skipped>).skipped === 'string';

const ratios: Record<'mlp' | 'conv', number[]> = { mlp: [], conv: [] };

type Row = 'mlp' | 'conv';
interface Ours {
  wall_samples_per_s: number;
  samples_per_s: number;
  test_elbo: number | null;
}
interface Ref {
  samples_per_s: number;
  test_elbo: number | null;
}

/** Ours then the reference, back to back; prints the pair and keeps its wall ratio. */
async function pair(row: Row, ours: () => Promise<Ours>, reference: () => Promise<Ref | Skipped>): Promise<void> {
  const l0 = load();
  const o = await ours();
  const l1 = load();
  const ref = await reference();
  if (isSkipped(ref)) throw new Error(ref.skipped);
  const r = round(o.wall_samples_per_s / ref.samples_per_s, 2);
  ratios[row].push(r);
  const elbo = [o.test_elbo, ref.test_elbo];
  const out = { row, wall: o.wall_samples_per_s, step: o.samples_per_s, ref: ref.samples_per_s, wall_ratio: r, elbo };
  console.log(JSON.stringify({ ...out, load: [l0, l1, load()] }));
}

const mlp = (epochs: number) =>
  pair(
    'mlp',
    () => trainOurs({ dir: MNIST_DIR, backend: 'wasm', epochs, limit: 0, test: true }),
    () => trainReference(MNIST_DIR, epochs, 0),
  );

async function conv(epochs: number): Promise<void> {
  const icons = await iconFolder(join(RESULTS_DIR, 'tmp'), 64);
  await pair(
    'conv',
    () => trainConvOurs({ train: icons.train, test: icons.test, backend: 'wasm', epochs, limit: 0, threads: null }),
    () => trainConvReference(icons.train, icons.test, epochs, 0, null),
  );
}

for (let i = 0; i < rounds; i++) {
  if (only !== 'conv') await mlp(Number(opt('mlp-epochs', '5')));
  if (only !== 'mlp') await conv(Number(opt('conv-epochs', '1')));
}
const summary = (xs: number[]) =>
  xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : null;
console.log(JSON.stringify({ mlp_wall_ratio: summary(ratios.mlp), conv_wall_ratio: summary(ratios.conv) }));
