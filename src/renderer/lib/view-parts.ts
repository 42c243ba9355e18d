// What a saved view restores lives in several components (projection in the Explore panel, walk
// settings in the walk grid, C in latent arithmetic, camera and selection in the scatter). Each
// registers a part here (get/set); a view is captured from and applied to whatever is registered.
// A part that registers later (its component mounts after the view was opened, or re-initialises on
// a new model) takes its value from the pending view via `restorePending`.
// A part whose value is not Svelte state (the camera) says when it changed via `viewPartChanged`; that,
// and a part registering or leaving, re-runs whatever read the parts (the browser host's #view= URL).
import { createSubscriber } from 'svelte/reactivity';
import type { ProjectionSpec, SavedView } from '../../shared/contract';
import { app } from './app-state.svelte';

export interface ViewParts {
  projection: SavedView['projection'];
  axes: SavedView['axes'];
  camera: SavedView['camera'];
  selection: SavedView['selection'];
  walk: SavedView['walk'];
  c: SavedView['c'];
}
type Part<K extends keyof ViewParts> = { get(): ViewParts[K]; set(value: ViewParts[K]): void };

const parts: { [K in keyof ViewParts]?: Part<K> } = {};
let pending: SavedView | null = null;

let changed = (): void => {};
const subscribe = createSubscriber((update) => {
  changed = update;
  return () => (changed = () => {});
});

/** Tells readers of the parts that a part's value changed outside Svelte state (e.g. the camera moved). */
export function viewPartChanged(): void {
  changed();
}

/** Registers a part; returns the unregister function (for $effect cleanup). */
export function registerViewPart<K extends keyof ViewParts>(key: K, part: Part<K>): () => void {
  (parts as Record<K, Part<K>>)[key] = part;
  restorePending(key);
  changed();
  return () => {
    if (parts[key] !== part) return;
    delete parts[key];
    changed();
  };
}

/** Applies the pending view's value of `key`, if a view is being opened. */
export function restorePending<K extends keyof ViewParts>(key: K): void {
  const part = parts[key] as Part<K> | undefined;
  // Only on the view's own model: opening another model later must not bring old settings back.
  if (pending && part && (pending.modelId === null || pending.modelId === app.model?.id)) {
    part.set(pending[key] as ViewParts[K]);
  }
}

export function readParts(): ViewParts {
  subscribe();
  return {
    projection: parts.projection?.get() ?? ({ method: 'pca' } as ProjectionSpec),
    axes: parts.axes?.get(),
    camera: parts.camera?.get() ?? null,
    selection: parts.selection?.get() ?? [],
    walk: parts.walk?.get() ?? { steps: 7, span: 3, base: { kind: 'a' } },
    c: parts.c?.get() ?? 0,
  };
}

/** Sets every registered part from the view, and keeps it pending for parts that (re)register. */
export function applyParts(view: SavedView | null): void {
  pending = view;
  if (!view) return;
  for (const key of Object.keys(parts) as (keyof ViewParts)[]) restorePending(key);
}
