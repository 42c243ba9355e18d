// The key of everything the Explore views compute from the current model and dataset. A view keeps
// its results with the key they were computed for; a new key (another model, another epoch of the
// same run, another dataset) means recompute, and an answer that arrives for an older key is dropped.
import type { DatasetInfo, ModelInfo } from '../../shared/contract';

export function viewKey(model: ModelInfo | null, dataset: DatasetInfo | null): string {
  const m = model ? `${model.id ?? 'unsaved'}@${model.createdAt}#${model.history.length}` : 'no-model';
  return `${m}|${dataset?.fingerprint ?? 'no-dataset'}`;
}
