// How a model is named and described in the Models list: the suggested name comes from the model
// itself (its architecture, the dataset it was trained on, latent size, epochs), never from whatever
// dataset happens to be loaded; the list line shows architecture, dataset and date so entries of
// the same name can be told apart.
import type { ModelEntry, ModelInfo } from '../../shared/contract';
import { formatMetric } from './format';

const ARCH: Record<ModelInfo['config']['arch'], string> = { mlp: 'MLP', conv: 'Conv' };

/** "MLP MNIST z20 e2". */
export function defaultModelName(m: ModelInfo): string {
  return `${ARCH[m.config.arch]} ${m.datasetName} z${m.config.latent} e${m.history.length}`;
}

/** "2026-12-01 14:03" in local time; the ISO text itself when it is not a date. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "MLP · MNIST · z20 · 2 ep · ELBO −101.3 · 2026-12-01 14:03". */
export function modelEntryDetail(e: ModelEntry): string {
  // A model trained elsewhere says where it came from instead of an architecture and epochs it lacks here.
  if (e.importedFrom) return [`imported ${e.importedFrom}`, `z${e.latent}`, formatDate(e.createdAt)].join(' · ');
  return [
    ARCH[e.arch] ?? e.arch,
    e.datasetName,
    `z${e.latent}`,
    `${e.epochs} ep`,
    `ELBO ${formatMetric(e.testElbo)}`,
    formatDate(e.createdAt),
  ].join(' · ');
}
