// Latent coordinates of every image as CSV (index,label,x,y,z,mu_0..) or JSON (one object per row).
// label is the label's name ('' when unknown); x,y,z are empty without a projection.
import { ContractError } from '../../shared/contract.js';
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
  if (rows.points && (rows.points.rows !== n || rows.points.cols !== 3 || rows.points.data.length !== 3 * n)) {
    throw new ContractError('BAD_ARGUMENT', `The projection must have ${n} rows of 3 columns.`);
  }
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
  const header = ['index', 'label', 'x', 'y', 'z', ...Array.from({ length: d }, (_, j) => `mu_${j}`)];
  const lines = [header.join(',')];
  for (let i = 0; i < rows.mu.rows; i++) {
    const xyz = rows.points ? Array.from(rows.points.data.subarray(3 * i, 3 * i + 3), num) : ['', '', ''];
    const mu = Array.from(rows.mu.data.subarray(i * d, (i + 1) * d), num);
    lines.push([i, csvField(labelName(rows, i) ?? ''), ...xyz, ...mu].join(','));
  }
  return lines.join('\n') + '\n';
}

export function coordsJson(rows: CoordRows): string {
  check(rows);
  const d = rows.mu.cols;
  const out = {
    count: rows.mu.rows,
    latent: d,
    labelNames: rows.labelNames,
    rows: Array.from({ length: rows.mu.rows }, (_, i) => ({
      index: i,
      label: rows.labels[i]!,
      labelName: labelName(rows, i),
      point: rows.points ? Array.from(rows.points.data.subarray(3 * i, 3 * i + 3), num) : null,
      mu: Array.from(rows.mu.data.subarray(i * d, (i + 1) * d), num),
    })),
  };
  return JSON.stringify(out);
}
