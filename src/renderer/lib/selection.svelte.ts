// The scatter's selection, shared with the rest of the Explore tab (arithmetic, figures, saved views
// read it). Indices are dataset rows; the selection belongs to one (model, dataset) pair and is
// cleared when either changes (ExplorePanel does that).

export const selection = $state<{ indices: ReadonlySet<number>; isolated: boolean }>({
  indices: new Set(),
  isolated: false,
});

/** Replaces the selection (a fresh set each time, so views depending on it update). */
export function select(indices: Iterable<number>): void {
  selection.indices = new Set(indices);
  if (selection.indices.size === 0) selection.isolated = false;
}

/** Adds or removes one point (ctrl-click). */
export function toggleSelected(index: number): void {
  const next = new Set(selection.indices);
  if (!next.delete(index)) next.add(index);
  select(next);
}

export function clearSelection(): void {
  select([]);
}

/** The selection in ascending order, e.g. for exports. */
export function selectedIndices(): number[] {
  return [...selection.indices].sort((a, b) => a - b);
}
