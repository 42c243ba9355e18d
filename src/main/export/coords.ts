// Latent coordinates of every image (or of a selection) as CSV (index,label,file,x,y,z,mu_0..,logvar_0..)
// or JSON (one object per row). label is the label's name ('' when unknown); file is the image's path in
// its folder ('' / null for MNIST and IDX); x,y,z are empty without a projection. CSV text fields follow
// RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled.
import { ContractError } from '../../shared/contract.js';
import type { Matrix } from '../../shared/contract.js';
import type { CoordRows } from './api.js';

/** Float32 values with 7 significant digits: round-trips to the same float32 in practice. */
function num(v: number): number {
  return Number(v.toPrecision(7));
}

function check(rows: CoordRows): void {
  const n = rows.mu.rows;
  if (rows.mu.data.length !== n * rows.mu.cols)
    throw new ContractError('BAD_ARGUMENT', 'mu data does not match its shape.');
  if (rows.labels.length !== n) {
    throw new ContractError('BAD_ARGUMENT', `There are ${rows.labels.length} labels for ${n} latent codes.`);
  }
  if (rows.fileNames && rows.fileNames.length !== n) {
    throw new ContractError('BAD_ARGUMENT', `There are ${rows.fileNames.length} file names for ${n} latent codes.`);
  }
  if (rows.points && (rows.points.rows !== n || rows.points.cols !== 3 || rows.points.data.length !== 3 * n)) {
    throw new ContractError('BAD_ARGUMENT', `The projection must have ${n} rows of 3 columns.`);
  }
  if (rows.logvar && (rows.logvar.rows !== n || rows.logvar.cols !== rows.mu.cols)) {
    throw new ContractError('BAD_ARGUMENT', 'log σ² must have the same shape as mu.');
  }
  const bad = rows.indices?.find((i) => !Number.isInteger(i) || i < 0 || i >= n);
  if (bad !== undefined) {
    throw new ContractError(
      'BAD_ARGUMENT',
      `Image ${bad} is not in the dataset (0..${n - 1}); export the selection again.`,
    );
  }
}

function rowIndices(rows: CoordRows): number[] {
  return rows.indices ?? Array.from({ length: rows.mu.rows }, (_, i) => i);
}

function rowOf(m: Matrix, i: number): number[] {
  return Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), num);
}

function labelName(rows: CoordRows, i: number): string | null {
  const label = rows.labels[i]!;
  if (label < 0) return null;
  return rows.labelNames[label] ?? String(label);
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function coordsCsv(rows: CoordRows): string {
  check(rows);
  const d = rows.mu.cols;
  const columns = (name: string): string[] => Array.from({ length: d }, (_, j) => `${name}_${j}`);
  const header = ['index', 'label', 'file', 'x', 'y', 'z', ...columns('mu'), ...(rows.logvar ? columns('logvar') : [])];
  const lines = [header.join(',')];
  for (const i of rowIndices(rows)) {
    const xyz = rows.points ? rowOf(rows.points, i) : ['', '', ''];
    const logvar = rows.logvar ? rowOf(rows.logvar, i) : [];
    const file = csvField(rows.fileNames?.[i] ?? '');
    lines.push([i, csvField(labelName(rows, i) ?? ''), file, ...xyz, ...rowOf(rows.mu, i), ...logvar].join(','));
  }
  return lines.join('\n') + '\n';
}

export function coordsJson(rows: CoordRows): string {
  check(rows);
  const d = rows.mu.cols;
  const indices = rowIndices(rows);
  const out = {
    count: indices.length,
    latent: d,
    labelNames: rows.labelNames,
    rows: indices.map((i) => ({
      index: i,
      label: rows.labels[i]!,
      labelName: labelName(rows, i),
      file: rows.fileNames?.[i] ?? null,
      point: rows.points ? rowOf(rows.points, i) : null,
      mu: rowOf(rows.mu, i),
      ...(rows.logvar ? { logvar: rowOf(rows.logvar, i) } : {}),
    })),
  };
  return JSON.stringify(out);
}
