// `latent-explorer grid`: a PNG of decoded images laid out as a walk, manifold, samples or reconstructions.
import type { ImageBatch } from '../../shared/contract.js';
import { data } from '../data/index.js';
import type { LoadedDataset } from '../data/api.js';
import type { VaeModel } from '../engine/api.js';
import { engine } from '../engine/index.js';
import { exporter } from '../export/index.js';
import type { GridCommand } from './args.js';
import { checkIndex } from './indices.js';
import { evaluationSplit } from '../engine/metrics.js';
import { openModelAndData } from './open-model.js';
import { writeOutput } from './output.js';
import type { Progress } from './progress.js';

// The layout of the β-VAE traversal figures: −3σ…+3σ in 11 steps per dimension.
const WALK_STEPS = 11;
const SPAN = 3;
const MANIFOLD_STEPS = 15;
const SAMPLES = 64;
const RECONSTRUCTIONS = 10;
/** KL ranking uses at most this many images of the evaluation split (enough for a stable order). */
const KL_IMAGES = 2000;

export async function runGrid(cmd: GridCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  const { model, meta, dataset } = await openModelAndData(cmd, progress);
  try {
    if (cmd.around !== null) checkIndex('grid', 'around', cmd.around, dataset.info.count);
    const { images, cols } = layout(cmd, model, meta.seed, dataset);
    const scale = Math.max(1, Math.round(56 / Math.max(images.height, images.width)));
    const bytes = await exporter.encodePngGrid(images, cols, scale);
    const path = await writeOutput(cmd.out, bytes);
    log(`wrote ${path} (${cmd.kind}: ${images.n} images in ${cols} columns)`);
  } finally {
    model.dispose();
  }
}

function layout(
  cmd: GridCommand,
  model: VaeModel,
  seed: number,
  dataset: LoadedDataset,
): { images: ImageBatch; cols: number } {
  const latent = model.config.latent;
  switch (cmd.kind) {
    case 'samples':
      return { images: engine.decode(model, engine.sampleCodes(SAMPLES, latent, seed)), cols: 8 };
    case 'reconstructions': {
      const { start, end } = evaluationSplit(dataset.info);
      const count = Math.min(RECONSTRUCTIONS, end - start);
      const originals = data.sliceImages(dataset.images, start, start + count);
      const recon = engine.reconstruct(model, originals);
      // Row 1: originals, row 2: their reconstructions.
      const both = new Uint8Array(originals.data.length * 2);
      both.set(originals.data.subarray(0, originals.data.length), 0);
      both.set(recon.data, originals.data.length);
      return { images: { ...originals, data: both, n: count * 2 }, cols: count };
    }
    case 'walk': {
      const dims = dimsByKl(model, dataset);
      const { z } = engine.walkCodes(baseCode(cmd, model, dataset), dims, WALK_STEPS, SPAN);
      return { images: engine.decode(model, z), cols: WALK_STEPS };
    }
    case 'manifold': {
      const [d0, d1] = dimsByKl(model, dataset);
      const z = engine.manifoldCodes(baseCode(cmd, model, dataset), [d0!, d1!], MANIFOLD_STEPS, SPAN);
      return { images: engine.decode(model, z), cols: MANIFOLD_STEPS };
    }
  }
}

function baseCode(cmd: GridCommand, model: VaeModel, dataset: LoadedDataset): Float32Array {
  if (cmd.around === null) return new Float32Array(model.config.latent);
  return engine.encode(model, data.pickImages(dataset.images, [cmd.around])).mu.data.slice();
}

/** Every latent dimension, highest KL first (the informative ones lead the walk). */
function dimsByKl(model: VaeModel, dataset: LoadedDataset): number[] {
  const { start, end } = evaluationSplit(dataset.info);
  const sample = data.sliceImages(dataset.images, start, Math.min(end, start + KL_IMAGES));
  const { mu, logvar } = engine.encode(model, sample);
  const kl = engine.klPerDim(mu, logvar);
  return kl
    .map((k, d) => ({ k, d }))
    .sort((a, b) => b.k - a.k)
    .map((x) => x.d);
}
