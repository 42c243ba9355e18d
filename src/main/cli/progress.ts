// Progress on stderr: one bar redrawn in place with \r on a terminal; on a pipe or file, a plain
// line at most every few seconds (logs stay readable) plus one when a phase completes.

export interface Progress {
  /** `label` names the phase; a new label ends the previous phase's line. */
  update(label: string, done: number, total: number, detail?: string): void;
  /** Ends the current line (if any). */
  end(): void;
}

export interface ProgressOptions {
  isTTY: boolean;
  write: (text: string) => void;
  now?: () => number;
  /** Minimum milliseconds between redraws: TTY default 100, otherwise 5000. */
  intervalMs?: number;
  width?: number;
}

export function createProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? (() => performance.now());
  const interval = opts.intervalMs ?? (opts.isTTY ? 100 : 5000);
  const barWidth = 24;
  let label: string | null = null;
  let last = -Infinity;
  let open = false; // a TTY line is drawn without its newline
  let completed = false; // the current phase has printed its final line

  const format = (done: number, total: number, detail?: string): string => {
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const pct = `${Math.floor(frac * 100)}%`.padStart(4);
    const extra = detail ? `  ${detail}` : '';
    if (!opts.isTTY) return `${label}: ${done}/${total} (${pct.trim()})${extra}`;
    const filled = Math.round(frac * barWidth);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${pct} ${done}/${total}${extra}`;
    return opts.width ? line.slice(0, Math.max(10, opts.width - 1)) : line;
  };

  const end = (): void => {
    if (open) opts.write('\n');
    open = false;
  };

  return {
    update(nextLabel, done, total, detail) {
      if (nextLabel !== label) {
        end();
        label = nextLabel;
        last = -Infinity;
        completed = false;
      }
      if (completed) return;
      const complete = total > 0 && done >= total;
      const t = now();
      if (!complete && t - last < interval) return;
      last = t;
      if (opts.isTTY) {
        opts.write(`\r\x1b[2K${format(done, total, detail)}`);
        open = true;
        if (complete) end();
      } else {
        opts.write(`${format(done, total, detail)}\n`);
      }
      // A completed phase prints once even if updates keep arriving at 100%.
      completed = complete;
    },
    end,
  };
}

export function stderrProgress(): Progress {
  return createProgress({
    isTTY: process.stderr.isTTY === true,
    write: (text) => process.stderr.write(text),
    width: process.stderr.columns,
  });
}
