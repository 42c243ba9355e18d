// UMAP in the worker: seeded (same seed → same layout), progress events, cancellable.
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../shared/contract.js';
import { engine } from '../engine/index.js';
import type { WorkerMessage } from './protocol.js';
import { Session } from './session.js';
import { runUmap } from './umap.js';

function clusters(rows: number, cols: number): Matrix {
  const data = new Float32Array(rows * cols);
  let a = 12345;
  const rand = (): number => (a = (a * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = (r % 2 === 0 ? 5 : -5) + rand();
  return { data, rows, cols };
}

describe('runUmap', () => {
  const messages: WorkerMessage[] = [];
  const s = new Session(engine, '/nonexistent', '/nonexistent', (m) => void messages.push(m));
  const x = clusters(120, 6);

  it('projects to 3-D deterministically for a seed, reporting progress', async () => {
    const a = await runUmap(s, x, 10, 3, 'u1');
    const b = await runUmap(s, x, 10, 3, null);
    expect([a.points.rows, a.points.cols]).toEqual([120, 3]);
    expect(a.points.data.every(Number.isFinite)).toBe(true);
    expect(b.points.data).toEqual(a.points.data);
    const progress = messages.filter((m) => 'type' in m && m.type === 'event' && m.name === 'job.progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(s.jobs.size).toBe(0);
  });

  it('stops with CANCELLED when its job is cancelled', async () => {
    const running = runUmap(s, x, 10, 3, 'u2');
    s.jobs.get('u2')!();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s.jobs.has('u2')).toBe(false);
  });
});
