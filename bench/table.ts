// Appends one row per run to the results table in docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { TABLE } from './paths.js';

export const TABLE_HEADER =
  '| date | machine | mode | backend | MNIST img/s ours / torch (ratio) | ELBO ours / torch (Δ) | Fashion img/s ours / torch (ratio) | frame p95 | walk p95 | encode 10k | folder ratio | GIF 60×256² | scatter fps | loop p99 | MNIST wall img/s (ratio) | conv 64 px wall img/s ours / torch (ratio) | conv ELBO Δ | folder 64 px peak RSS | threads 1 / all, MLP · conv |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';

const MARKER = '<!-- bench rows: bench/run.ts appends below -->';

export function appendRow(cells: (string | number | null)[]): void {
  const row = `| ${cells.map((c) => (c === null ? '—' : String(c)).replace(/\|/g, '/')).join(' | ')} |`;
  let text = existsSync(TABLE) ? readFileSync(TABLE, 'utf8') : '';
  if (!text.includes(MARKER)) text = `${text.trimEnd()}\n\n${MARKER}\n\n${TABLE_HEADER}\n`;
  writeFileSync(TABLE, `${text.trimEnd()}\n${row}\n`);
}
