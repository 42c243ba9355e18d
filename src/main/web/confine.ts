// What a token holder may reach through the browser host: reading only under the roots chosen at start
// (`serve --root DIR`, default the home folder; the data folder always), writing nowhere it names.
// Checked here, between the WebSocket and the service, so the service stays host-agnostic (Electron has
// its own rule: dialog-granted paths, see electron/path-grants.ts).
//
// Paths are checked after resolving symlinks (a link inside a root that points to /etc is outside),
// and the service is handed the resolved path, the one that was checked.
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ContractError, type CallArg, type CallName, type CallResult, type LatentApi } from '../../shared/contract.js';
import { validateCallArg } from '../../shared/validate.js';
import { isWithin, listDirectory } from '../service/fs-list.js';

/** Calls whose `path` would be written by the service: refused in the browser host. */
const WRITING_CALLS: ReadonlySet<CallName> = new Set(['export.gif', 'export.png', 'export.coords', 'view.export']);

export interface Roots {
  /** Resolved (realpath) roots, in the order given; the first is where fs.list starts. */
  readonly real: readonly string[];
  /** The roots as given (absolute), for a lexical pre-check that touches no file outside them. */
  readonly given: readonly string[];
}

/** Resolves the roots once at start; a root that does not exist is an error. */
export async function resolveRoots(dirs: readonly string[]): Promise<Roots> {
  const given: string[] = [];
  const real: string[] = [];
  for (const dir of dirs) {
    const abs = resolve(dir);
    let r: string;
    try {
      r = await realpath(abs);
    } catch {
      throw new ContractError('NOT_FOUND', `The root folder ${abs} does not exist; give --root an existing folder.`);
    }
    if (!given.includes(abs)) given.push(abs);
    if (!real.includes(r)) real.push(r);
  }
  if (real.length === 0) throw new ContractError('BAD_ARGUMENT', 'The browser host needs at least one root folder.');
  return { real, given };
}

function outside(path: string, roots: Roots): ContractError {
  return new ContractError(
    'UNAUTHORIZED',
    `${path} is outside the folders this host may read (${roots.real.join(', ')}). ` +
      'Move the files into one of them, or restart the host with `latent-explorer serve --root <folder>`.',
  );
}

/**
 * The real path of `path` if it lies under a root, else UNAUTHORIZED. A path outside every root is
 * refused before the file system is asked, so the answer does not reveal what exists there.
 */
export async function confinePath(path: string, roots: Roots): Promise<string> {
  const abs = resolve(path);
  const lexical = [...roots.given, ...roots.real];
  if (!isWithin(abs, lexical)) throw outside(abs, roots);
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    throw new ContractError('NOT_FOUND', `${abs} does not exist.`);
  }
  if (!isWithin(real, roots.real)) throw outside(abs, roots);
  return real;
}

/** The argument with its read paths confined (resolved), or a refusal; other calls pass unchanged. */
export async function confineArg(name: CallName, rawArg: unknown, roots: Roots): Promise<unknown> {
  if (WRITING_CALLS.has(name)) {
    const arg = validateCallArg(name, rawArg) as { path?: string };
    if (arg.path !== undefined) {
      throw new ContractError(
        'UNAUTHORIZED',
        'The browser host writes no files: leave out the path, and the export comes back to the browser as a download.',
      );
    }
    return arg;
  }
  if (name === 'model.exportOnnx') {
    const arg = validateCallArg('model.exportOnnx', rawArg);
    if (arg.dir !== undefined) {
      throw new ContractError(
        'UNAUTHORIZED',
        'The browser host writes no files: leave out the folder, and encoder.onnx and decoder.onnx come back to the browser as downloads.',
      );
    }
    return arg;
  }
  if (name === 'model.inspectOnnx' || name === 'model.importOnnx') {
    // Both files are read by the engine: each must lie under a root, like a folder or a model.
    const arg = validateCallArg(name, rawArg);
    return { ...arg, encoder: await confinePath(arg.encoder, roots), decoder: await confinePath(arg.decoder, roots) };
  }
  if (name === 'fs.list') {
    const arg = validateCallArg('fs.list', rawArg);
    return { path: arg.path === undefined ? roots.real[0]! : await confinePath(arg.path, roots) };
  }
  if (name === 'dataset.open') {
    const arg = validateCallArg('dataset.open', rawArg);
    if (arg.source.kind === 'builtin') return arg;
    return { ...arg, source: { ...arg.source, path: await confinePath(arg.source.path, roots) } };
  }
  if (name === 'model.open') {
    const arg = validateCallArg('model.open', rawArg);
    return 'path' in arg ? { path: await confinePath(arg.path, roots) } : arg;
  }
  return rawArg;
}

/** The service as the browser host exposes it: every call's paths confined to `roots`. */
export function confineService(service: LatentApi, roots: Roots): LatentApi {
  return {
    async call<K extends CallName>(name: K, arg: CallArg<K>) {
      const confined = (await confineArg(name, arg, roots)) as CallArg<K>;
      // fs.list is answered here (as the service would, in this process), cut to the roots.
      if (name === 'fs.list') {
        return (await listDirectory((confined as CallArg<'fs.list'>).path, roots.real)) as CallResult<K>;
      }
      return service.call(name, confined);
    },
    on: (event, listener) => service.on(event, listener),
  };
}
