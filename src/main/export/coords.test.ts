import { describe, expect, it } from 'vitest';
import { coordsCsv, coordsJson, type CoordRows } from './index.js';
import { parseCsv } from './test-csv.js';

const rows: CoordRows = {
  labels: Int32Array.from([0, 1, -1]),
  labelNames: ['T-shirt/top', 'a,b'],
  fileNames: null,
  points: { data: Float32Array.from([1, 2, 3, 0.5, -0.25, 0, 7, 8, 9]), rows: 3, cols: 3 },
  mu: { data: Float32Array.from([0.1, -2, 3.5, 4, 5, 6]), rows: 3, cols: 2 },
};

describe('coordinates export', () => {
  it('writes CSV with a header, label names (quoted when needed) and float32 values kept short', () => {
    const lines = coordsCsv(rows).trimEnd().split('\n');
    expect(lines).toEqual([
      'index,label,file,x,y,z,mu_0,mu_1',
      '0,T-shirt/top,,1,2,3,0.1,-2',
      '1,"a,b",,0.5,-0.25,0,3.5,4',
      '2,,,7,8,9,5,6',
    ]);
    const noPoints = coordsCsv({ ...rows, points: null }).split('\n');
    expect(noPoints[1]).toBe('0,T-shirt/top,,,,,0.1,-2');
  });

  it('writes JSON with one object per row', () => {
    const json = JSON.parse(coordsJson(rows)) as {
      count: number;
      latent: number;
      labelNames: string[];
      rows: { index: number; label: number; labelName: string | null; point: number[] | null; mu: number[] }[];
    };
    expect(json).toMatchObject({ count: 3, latent: 2, labelNames: ['T-shirt/top', 'a,b'] });
    expect(json.rows[0]).toEqual({
      index: 0,
      label: 0,
      labelName: 'T-shirt/top',
      file: null,
      point: [1, 2, 3],
      mu: [0.1, -2],
    });
    expect(json.rows[2]).toMatchObject({ label: -1, labelName: null, mu: [5, 6] });
  });

  it('adds log σ² columns and limits the rows to a selection, in its order', () => {
    const logvar = { data: Float32Array.from([-1, -2, -3, -4, -5, -6]), rows: 3, cols: 2 };
    const lines = coordsCsv({ ...rows, logvar, indices: [2, 0] })
      .trimEnd()
      .split('\n');
    expect(lines).toEqual([
      'index,label,file,x,y,z,mu_0,mu_1,logvar_0,logvar_1',
      '2,,,7,8,9,5,6,-5,-6',
      '0,T-shirt/top,,1,2,3,0.1,-2,-1,-2',
    ]);
    const json = JSON.parse(coordsJson({ ...rows, logvar, indices: [1] })) as { count: number; rows: unknown[] };
    expect(json.count).toBe(1);
    expect(json.rows).toEqual([
      { index: 1, label: 1, labelName: 'a,b', file: null, point: [0.5, -0.25, 0], mu: [3.5, 4], logvar: [-3, -4] },
    ]);
    expect(() => coordsCsv({ ...rows, indices: [3] })).toThrow(/Image 3 is not in the dataset/);
  });

  it('writes each image’s file name; names with commas, quotes and line breaks read back whole', () => {
    const fileNames = ['tops/plain.png', 'odd, "quoted"\nname.png', 'crlf\r\nfile.jpg'];
    const csv = coordsCsv({ ...rows, fileNames, indices: [1, 0, 2] });
    const table = parseCsv(csv);
    expect(table[0]!.slice(0, 4)).toEqual(['index', 'label', 'file', 'x']);
    expect(table.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['1', 'a,b', fileNames[1]],
      ['0', 'T-shirt/top', fileNames[0]],
      ['2', '', fileNames[2]],
    ]);
    expect(table.slice(1).every((r) => r.length === table[0]!.length)).toBe(true);
    const json = JSON.parse(coordsJson({ ...rows, fileNames })) as { rows: { file: string | null }[] };
    expect(json.rows.map((r) => r.file)).toEqual(fileNames);
  });

  it('rejects rows whose shapes disagree', () => {
    expect(() => coordsCsv({ ...rows, labels: Int32Array.from([0]) })).toThrow(/1 labels for 3/);
    expect(() => coordsCsv({ ...rows, fileNames: ['a.png'] })).toThrow(/1 file names for 3/);
  });
});
