import { describe, expect, it } from 'vitest';
import { coordsCsv, coordsJson, type CoordRows } from './index.js';

const rows: CoordRows = {
  labels: Int32Array.from([0, 1, -1]),
  labelNames: ['T-shirt/top', 'a,b'],
  points: { data: Float32Array.from([1, 2, 3, 0.5, -0.25, 0, 7, 8, 9]), rows: 3, cols: 3 },
  mu: { data: Float32Array.from([0.1, -2, 3.5, 4, 5, 6]), rows: 3, cols: 2 },
};

describe('coordinates export', () => {
  it('writes CSV with a header, label names (quoted when needed) and float32 values kept short', () => {
    const lines = coordsCsv(rows).trimEnd().split('\n');
    expect(lines).toEqual([
      'index,label,x,y,z,mu_0,mu_1',
      '0,T-shirt/top,1,2,3,0.1,-2',
      '1,"a,b",0.5,-0.25,0,3.5,4',
      '2,,7,8,9,5,6',
    ]);
    const noPoints = coordsCsv({ ...rows, points: null }).split('\n');
    expect(noPoints[1]).toBe('0,T-shirt/top,,,,0.1,-2');
  });

  it('writes JSON with one object per row', () => {
    const json = JSON.parse(coordsJson(rows)) as {
      count: number;
      latent: number;
      labelNames: string[];
      rows: { index: number; label: number; labelName: string | null; point: number[] | null; mu: number[] }[];
    };
    expect(json).toMatchObject({ count: 3, latent: 2, labelNames: ['T-shirt/top', 'a,b'] });
    expect(json.rows[0]).toEqual({ index: 0, label: 0, labelName: 'T-shirt/top', point: [1, 2, 3], mu: [0.1, -2] });
    expect(json.rows[2]).toMatchObject({ label: -1, labelName: null, mu: [5, 6] });
  });

  it('adds log σ² columns and limits the rows to a selection, in its order', () => {
    const logvar = { data: Float32Array.from([-1, -2, -3, -4, -5, -6]), rows: 3, cols: 2 };
    const lines = coordsCsv({ ...rows, logvar, indices: [2, 0] })
      .trimEnd()
      .split('\n');
    expect(lines).toEqual([
      'index,label,x,y,z,mu_0,mu_1,logvar_0,logvar_1',
      '2,,7,8,9,5,6,-5,-6',
      '0,T-shirt/top,1,2,3,0.1,-2,-1,-2',
    ]);
    const json = JSON.parse(coordsJson({ ...rows, logvar, indices: [1] })) as { count: number; rows: unknown[] };
    expect(json.count).toBe(1);
    expect(json.rows).toEqual([
      { index: 1, label: 1, labelName: 'a,b', point: [0.5, -0.25, 0], mu: [3.5, 4], logvar: [-3, -4] },
    ]);
    expect(() => coordsCsv({ ...rows, indices: [3] })).toThrow(/Image 3 is not in the dataset/);
  });

  it('rejects rows whose shapes disagree', () => {
    expect(() => coordsCsv({ ...rows, labels: Int32Array.from([0]) })).toThrow(/1 labels for 3/);
  });
});
