// The scatter's selection, shared with the rest of the Explore tab (arithmetic, figures, saved views
// read it). Indices are dataset rows; the selection belongs to one (model, dataset) pair and is
// cleared when either changes (ScatterPanel does that). The set is immutable: every change makes a
// new one, so whatever depends on it updates.

let indices = $state.raw<ReadonlySet<number>>(new Set());
let isolated = $state(false);

export const selection = {
  get indices(): ReadonlySet<number> {
    return indices;
  },
  /** Only the selection is drawn (the "Isolate" button); off again when the selection empties. */
  get isolated(): boolean {
    return isolated;
  },
  set isolated(on: boolean) {
    isolated = on && indices.size > 0;
  },
};

/** Replaces the selection. */
export function select(next: Iterable<number>): void {
  // Never mutated after this line (ReadonlySet): replaced whole, so a plain Set is the right tool.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const fresh: ReadonlySet<number> = new Set(next);
  indices = fresh;
  if (fresh.size === 0) isolated = false;
}

/** Adds or removes one point (ctrl-click). */
export function toggleSelected(index: number): void {
  select(indices.has(index) ? [...indices].filter((i) => i !== index) : [...indices, index]);
}

export function clearSelection(): void {
  select([]);
}

/** The selection in ascending order, e.g. for exports. */
export function selectedIndices(): number[] {
  return [...indices].sort((a, b) => a - b);
}
