// App-wide reactive state shared by the panels: what is loaded, what is selected, the last error.
// Transport comes only from getApi() (lib/api.ts).
import { getApi, onConnectionStatus, type ConnectionStatus } from './api';
import {
  toContractError,
  type AppInfo,
  type BackendReport,
  type DatasetInfo,
  type ModelInfo,
  type TrainState,
} from '../../shared/contract';
import type { ShortcutAction } from './shortcuts';
import { installTestHook } from './test-hook';

export type Tab = 'data' | 'train' | 'explore';
export type Theme = 'dark' | 'light';

const { api, host } = getApi();
export { api, host };

class AppState {
  tab = $state<Tab>('data');
  #theme = $state<Theme>('dark');
  /**
   * The colour theme. Setting it writes the document's data-theme at once, before any effect runs: the
   * scatter and the charts read their colours from computed CSS in their effects, and an attribute set
   * by a later effect left them one toggle behind.
   */
  get theme(): Theme {
    return this.#theme;
  }
  set theme(t: Theme) {
    if (typeof document !== 'undefined') document.documentElement.dataset['theme'] = t;
    this.#theme = t;
  }
  helpOpen = $state(false);
  info = $state.raw<AppInfo | null>(null);
  dataset = $state.raw<DatasetInfo | null>(null);
  model = $state.raw<ModelInfo | null>(null);
  trainState = $state<TrainState>('idle');
  backend = $state.raw<BackendReport | null>(null);
  /** Selected images (dataset indices) for interpolation, walk base and neighbours. */
  a = $state(0);
  b = $state(1);
  /** The point under the mouse in the scatter, -1 when none. */
  hovered = $state(-1);
  error = $state<string | null>(null);
  /** The browser host's socket; always 'open' in Electron. */
  connection = $state<ConnectionStatus>('open');
  /** Handlers the panels register for keyboard shortcuts. */
  actions: Partial<Record<ShortcutAction, () => void>> = {};

  /** Shows a failure to the person; cancellations are not failures. */
  report(err: unknown): void {
    const e = toContractError(err);
    if (e.code === 'CANCELLED') return;
    this.error = `${e.message} (${e.code})`;
  }

  /** Runs a call, reporting its failure; resolves to null on failure. */
  async attempt<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (err) {
      this.report(err);
      return null;
    }
  }
}

export const app = new AppState();

/** Loads the initial state and follows the main side's events; returns the unsubscribe. */
export function connectAppState(): () => void {
  const offs = [
    api.on('dataset.changed', (d) => (app.dataset = d)),
    api.on('model.changed', (m) => (app.model = m)),
    // The same words the interrupted call (if any) rejects with: shown once either way.
    api.on('engine.restarted', (e) => (app.error = `${e.message} (WORKER_CRASHED)`)),
    api.on('train.state', (s) => {
      app.trainState = s.state;
      if (s.backend) app.backend = s.backend;
    }),
  ];
  // Events sent while the socket was down are lost: once it is back, re-read what the panels show.
  let dropped = false;
  offs.push(
    onConnectionStatus((status) => {
      app.connection = status;
      if (status !== 'open') dropped = true;
      else if (dropped) {
        dropped = false;
        void app.attempt(() => readState(false));
      }
    }),
  );
  void app.attempt(() => readState(true));
  return () => offs.forEach((off) => off());
}

async function readState(first: boolean): Promise<void> {
  const [info, dataset, model, state] = await Promise.all([
    first ? api.call('app.info', undefined) : Promise.resolve(app.info),
    api.call('dataset.info', undefined),
    api.call('model.info', undefined),
    api.call('train.state', undefined),
  ]);
  app.info = info;
  if (info) app.backend ??= info.backend;
  // Only a test run's host turns the probe on (never a packaged app or a default `serve`).
  if (first && info?.testHooks) installTestHook(window);
  // Same content keeps the same object: the panels key their reloads on these references.
  if (dataset?.fingerprint !== app.dataset?.fingerprint) app.dataset = dataset;
  if (!sameModel(model, app.model)) app.model = model;
  app.trainState = state;
  // A page opened during a run shows the run; otherwise a ready model opens on its explorer.
  if (first && state !== 'idle') app.tab = 'train';
  else if (first && dataset && model) app.tab = 'explore';
}

function sameModel(a: ModelInfo | null, b: ModelInfo | null): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id && a.createdAt === b.createdAt && a.history.length === b.history.length;
}

/** Saves an export: through the native save dialog in Electron, as a browser download otherwise. */
export async function saveExport(
  suggestedName: string,
  filter: { name: string; extensions: string[] },
  produce: (
    path: string | undefined,
  ) => Promise<{ bytes: Uint8Array | null; fileName: string; mime: string; path: string | null }>,
): Promise<string | null> {
  if (host.pickSavePath) {
    const path = await host.pickSavePath(suggestedName, [filter]);
    if (!path) return null;
    const res = await produce(path);
    return res.path;
  }
  const res = await produce(undefined);
  if (!res.bytes) return null;
  downloadBytes(res.bytes, res.fileName || suggestedName, res.mime);
  return res.fileName;
}

/** Hands bytes to the browser as a download (the browser host's way of delivering a file). */
export function downloadBytes(bytes: Uint8Array, fileName: string, mime: string): void {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
