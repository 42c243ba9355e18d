// Validation of the host-dialog arguments coming from the renderer (pure, tested without Electron).
import { ContractError } from '../../shared/contract.js';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface SaveArgs {
  suggestedName: string;
  filters: FileFilter[];
}

const EXTENSION = /^(\*|[A-Za-z0-9]{1,16})$/;

/**
 * The suggested name must be a bare file name (no directory part: the dialog, i.e. the person,
 * chooses where); filters are name + extensions without dots.
 */
export function parseSaveArgs(suggestedName: unknown, filters: unknown): SaveArgs {
  if (typeof suggestedName !== 'string' || suggestedName.length === 0 || suggestedName.length > 255) {
    throw new ContractError('BAD_ARGUMENT', 'The suggested file name must be 1 to 255 characters.');
  }
  if (/[\\/]/.test(suggestedName) || suggestedName === '.' || suggestedName === '..' || suggestedName.includes('\0')) {
    throw new ContractError('BAD_ARGUMENT', `The suggested file name "${suggestedName}" must not contain a folder.`);
  }
  if (filters === undefined) return { suggestedName, filters: [] };
  if (!Array.isArray(filters) || filters.length > 20) {
    throw new ContractError('BAD_ARGUMENT', 'File filters must be a list of at most 20 entries.');
  }
  const parsed = filters.map((f: unknown, i): FileFilter => {
    const ff = f as Partial<FileFilter> | null;
    if (
      typeof ff !== 'object' ||
      ff === null ||
      typeof ff.name !== 'string' ||
      ff.name.length === 0 ||
      ff.name.length > 100 ||
      !Array.isArray(ff.extensions) ||
      ff.extensions.length === 0 ||
      !ff.extensions.every((e) => typeof e === 'string' && EXTENSION.test(e))
    ) {
      throw new ContractError(
        'BAD_ARGUMENT',
        `File filter ${i + 1} must have a name and extensions without dots (e.g. { name: "GIF", extensions: ["gif"] }).`,
      );
    }
    return { name: ff.name, extensions: [...ff.extensions] };
  });
  return { suggestedName, filters: parsed };
}

/** Which file of an ONNX import a file dialog is for: it titles the dialog, nothing else. */
export function parseOnnxRole(role: unknown): 'encoder' | 'decoder' {
  if (role === 'encoder' || role === 'decoder') return role;
  throw new ContractError('BAD_ARGUMENT', 'The ONNX file dialog is for the "encoder" or the "decoder".');
}
