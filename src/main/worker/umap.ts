// UMAP of the latent means to 3-D (umap-js), in the worker. The optimisation runs epoch by epoch
// with a yield every few epochs so cancel requests and progress events get through.

import { UMAP } from 'umap-js';
import { ContractError, type Matrix, type Projection } from '../../shared/contract.js';
import { mulberry32 } from '../engine/prng.js';
import type { Session } from './session.js';

export async function runUmap(
  s: Session,
  x: Matrix,
  nNeighbors: number,
  seed: number,
  jobId: string | null,
): Promise<Projection> {
  if (x.rows < 3) throw new ContractError('BAD_ARGUMENT', 'UMAP needs at least 3 images.');
  if (jobId !== null && s.jobs.has(jobId))
    throw new ContractError('BAD_ARGUMENT', `jobId "${jobId}" is already in use by a running job.`);
  let cancelled = false;
  if (jobId !== null) s.jobs.set(jobId, () => (cancelled = true));
  try {
    const rows: number[][] = [];
    for (let r = 0; r < x.rows; r++) rows.push(Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols)));
    const umap = new UMAP({ nComponents: 3, nNeighbors: Math.min(nNeighbors, x.rows - 1), random: mulberry32(seed) });
    const progress = (done: number, total: number, phase: string): void => {
      if (jobId !== null) s.emit('job.progress', { jobId, phase, done, total, etaSeconds: null });
    };
    progress(0, 1, 'nearest neighbours');
    const epochs = umap.initializeFit(rows);
    for (let e = 0; e < epochs; e++) {
      umap.step();
      if (e % 10 === 9) {
        progress(e + 1, epochs, 'layout');
        await new Promise((r) => setImmediate(r));
        if (cancelled) throw new ContractError('CANCELLED', 'The UMAP projection was cancelled.');
      }
    }
    progress(epochs, epochs, 'layout');
    const emb = umap.getEmbedding();
    const out = new Float32Array(x.rows * 3);
    emb.forEach((p, r) => out.set(p.slice(0, 3), r * 3));
    return { points: { data: out, rows: x.rows, cols: 3 } };
  } finally {
    if (jobId !== null) s.jobs.delete(jobId);
  }
}
