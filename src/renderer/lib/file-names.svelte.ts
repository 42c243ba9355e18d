// The open dataset's file names (per image, its path in the folder; MNIST and IDX have none) for the
// search box, the tooltips and the A/B and neighbour labels. Asked with dataset.fileNames once per
// dataset, by the Explore views, never as part of loading. Held with the fingerprint they came with
// and given out only while that dataset is open, so nothing stale outlives a dataset change.
import type { DatasetFileNames, DatasetInfo } from '../../shared/contract';
import { api, app } from './app-state.svelte';

let held = $state.raw<DatasetFileNames | null>(null);
let pending: { fingerprint: string; promise: Promise<readonly string[] | null> } | null = null;

/** Per image its path in the folder, for the open dataset; null when it has none or they have not arrived. */
export function fileNames(): readonly string[] | null {
  const d = app.dataset;
  return d && held?.fingerprint === d.fingerprint ? held.names : null;
}

export function fileNameOf(index: number): string | null {
  return fileNames()?.[index] ?? null;
}

/** The names of dataset `d`, asked once (an answer in flight is shared); null for datasets without files. */
export function requestFileNames(d: DatasetInfo): Promise<readonly string[] | null> {
  if (d.source.kind !== 'folder') return Promise.resolve(null);
  if (held?.fingerprint === d.fingerprint) return Promise.resolve(held.names);
  if (pending?.fingerprint === d.fingerprint) return pending.promise;
  // Another dataset: the old names go now, not when the new ones arrive.
  held = null;
  const promise = api
    .call('dataset.fileNames', undefined)
    .then((r) => {
      // The engine already holds another dataset (its dataset.changed brings the next request), or
      // the person opened another one meanwhile: these names belong to no open dataset.
      if (r.fingerprint !== d.fingerprint || app.dataset?.fingerprint !== d.fingerprint) return null;
      held = r;
      return r.names;
    })
    .finally(() => {
      if (pending?.promise === promise) pending = null;
    });
  pending = { fingerprint: d.fingerprint, promise };
  return promise;
}
