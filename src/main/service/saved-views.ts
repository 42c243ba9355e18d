// Saved views (view.* calls), kept main-side in <dataDir>/views.json so they survive restarts and
// reloads. Writes are serialised and atomic (temp file + rename): a crash leaves the old list or the
// new one, never half of one. A views.json that cannot be read is kept aside, never overwritten.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ContractError, VIEWS_MAX, type ExportResult, type SavedView } from '../../shared/contract.js';
import { savedView } from '../../shared/validate.js';
import { writeAtomically } from '../export/write-atomically.js';

export const VIEWS_FILE = 'views.json';

export class SavedViews {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return join(this.dataDir, VIEWS_FILE);
  }

  async list(): Promise<SavedView[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    try {
      const parsed = JSON.parse(text) as { views?: unknown };
      if (!Array.isArray(parsed.views)) throw new Error('no "views" list');
      return parsed.views.map((v, i) => savedView(v, `views[${i}]`));
    } catch (e) {
      throw new ContractError(
        'MODEL_INVALID',
        `The saved views file ${this.file} cannot be read (${(e as Error).message}). Move it away to start a new list; the app leaves it as it is.`,
      );
    }
  }

  save(view: SavedView): Promise<SavedView[]> {
    return this.update((views) => {
      const rest = views.filter((v) => v.name !== view.name);
      if (rest.length >= VIEWS_MAX) {
        throw new ContractError('BAD_ARGUMENT', `At most ${VIEWS_MAX} saved views; delete one before saving another.`);
      }
      return [view, ...rest];
    });
  }

  /** The view as JSON bytes, or written atomically to `path` (a file the user chose in a save dialog). */
  async export(name: string, path: string | undefined): Promise<ExportResult> {
    const view = (await this.list()).find((v) => v.name === name);
    if (!view) throw new ContractError('NOT_FOUND', `There is no saved view "${name}".`);
    const bytes = new TextEncoder().encode(JSON.stringify(view, null, 1));
    const fileName = `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'view'}.view.json`;
    if (path === undefined)
      return { fileName, mime: 'application/json', byteLength: bytes.byteLength, path: null, bytes };
    const target = resolve(path);
    await writeAtomically(target, bytes);
    return {
      fileName: basename(target),
      mime: 'application/json',
      byteLength: bytes.byteLength,
      path: target,
      bytes: null,
    };
  }

  delete(name: string): Promise<SavedView[]> {
    return this.update((views) => {
      if (!views.some((v) => v.name === name))
        throw new ContractError('NOT_FOUND', `There is no saved view "${name}".`);
      return views.filter((v) => v.name !== name);
    });
  }

  private update(change: (views: SavedView[]) => SavedView[]): Promise<SavedView[]> {
    const run = this.queue.then(async () => {
      const next = change(await this.list());
      await writeAtomically(this.file, new TextEncoder().encode(JSON.stringify({ version: 1, views: next }, null, 1)));
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
