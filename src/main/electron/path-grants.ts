// In the desktop app a path argument is honoured only if the user chose it in a native dialog: the
// main side records each answered dialog here, and the IPC guard checks every call's paths against
// the record. A renderer that is compromised (or buggy) can therefore read only folders and models
// the user picked, and write only where the user answered a save dialog, once per answer.
// Pure (no Electron import): tested without the binary.
import { ContractError, type CallName } from '../../shared/contract.js';
import type { ArgValidator } from './ipc-guard.js';

/**
 * What a dialog answer allows: opening a data folder, opening a model folder, reading an .onnx file
 * (an import's encoder or decoder), writing one file, or writing one ONNX export into a folder.
 */
export type GrantKind = 'folder' | 'model' | 'onnx' | 'save' | 'exportDir';

const WRITING_CALLS: ReadonlySet<CallName> = new Set(['export.gif', 'export.png', 'export.coords', 'view.export']);

export class PathGrants {
  private readonly reads = new Map<string, Set<GrantKind>>();
  /** Save answers not yet used: each allows one write. */
  private readonly saves = new Set<string>();
  /** Export-folder answers not yet used: each allows one ONNX export into it. */
  private readonly exportDirs = new Set<string>();

  /** Records a path the user chose in a dialog of that kind. */
  grant(kind: GrantKind, path: string): void {
    if (kind === 'save') {
      this.saves.add(path);
      return;
    }
    if (kind === 'exportDir') {
      this.exportDirs.add(path);
      return;
    }
    const kinds = this.reads.get(path) ?? new Set<GrantKind>();
    kinds.add(kind);
    this.reads.set(path, kinds);
  }

  /**
   * Throws UNAUTHORIZED unless every path in the (already validated) argument was granted for this
   * use. A save grant is used up by the call that writes it.
   */
  check(name: CallName, arg: unknown): void {
    const a = arg as Record<string, unknown> | undefined;
    if (name === 'fs.list') {
      throw new ContractError(
        'UNAUTHORIZED',
        'Folder listing serves the browser host only; the desktop app chooses folders with the system dialog.',
      );
    }
    if (name === 'dataset.open') {
      const source = a?.source as { kind: string; path?: string };
      if (source.path !== undefined) this.requireRead('folder', source.path, 'Open folder… (or Open IDX folder…)');
      return;
    }
    if (name === 'model.open') {
      if (typeof a?.path === 'string') this.requireRead('model', a.path, 'Open model folder…');
      return;
    }
    if (name === 'model.inspectOnnx' || name === 'model.importOnnx') {
      // Checked on every call (not used up): the dialog checks the pair, then imports it.
      this.requireRead('onnx', a?.encoder as string, 'Import ONNX… → Choose encoder');
      this.requireRead('onnx', a?.decoder as string, 'Import ONNX… → Choose decoder');
      return;
    }
    if (name === 'model.exportOnnx' && typeof a?.dir === 'string') {
      if (!this.exportDirs.delete(a.dir)) {
        throw new ContractError(
          'UNAUTHORIZED',
          `The app writes an ONNX export only into a folder you chose in its dialog, and ${a.dir} was not chosen there (or was used already). Export again and pick the folder.`,
        );
      }
      return;
    }
    if (WRITING_CALLS.has(name) && typeof a?.path === 'string') {
      if (!this.saves.delete(a.path)) {
        throw new ContractError(
          'UNAUTHORIZED',
          `The app writes only where you chose in a save dialog, and ${a.path} was not chosen there (or was used already). Export again and pick the file.`,
        );
      }
    }
  }

  private requireRead(kind: 'folder' | 'model' | 'onnx', path: string, how: string): void {
    if (!this.reads.get(path)?.has(kind)) {
      const what = kind === 'onnx' ? 'files' : 'folders';
      throw new ContractError(
        'UNAUTHORIZED',
        `The app opens only ${what} you chose in its dialog, and ${path} was not chosen there. Use ${how} to pick it.`,
      );
    }
  }
}

/** The IPC argument check: the contract's validation, then the grants. */
export function withGrants(validate: ArgValidator, grants: PathGrants): ArgValidator {
  return (name, arg) => {
    const checked = validate(name, arg);
    grants.check(name, checked);
    return checked;
  };
}
