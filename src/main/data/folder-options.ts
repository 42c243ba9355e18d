// Validates FolderOptions and fills the defaults that do not depend on the images.
import {
  ContractError,
  type FolderBackground,
  type FolderColour,
  type FolderFit,
  type FolderOptions,
  type FolderSettings,
} from '../../shared/contract.js';
import { folderOptionProblems } from '../../shared/folder-rules.js';

export interface ResolvedFolderOptions {
  /** null = the colour's default (DEFAULT_GREY_SIZE grey, DEFAULT_RGB_SIZE rgb). */
  size: number | null;
  fit: FolderFit;
  colour: FolderColour;
  background: FolderBackground;
  testFraction: number;
  seed: number;
}

export const DEFAULT_GREY_SIZE = 28;
export const DEFAULT_RGB_SIZE = 32;

export function resolveFolderOptions(options: FolderOptions = {}): ResolvedFolderOptions {
  const problem = folderOptionProblems(options)[0];
  if (problem) throw new ContractError('BAD_ARGUMENT', problem.message);
  const testFraction = options.testFraction ?? 0.1;
  if (!Number.isFinite(testFraction) || testFraction < 0 || testFraction >= 1) {
    throw new ContractError('BAD_ARGUMENT', `Test fraction must be at least 0 and below 1, got ${testFraction}.`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new ContractError('BAD_ARGUMENT', `Seed must be a whole number, got ${seed}.`);
  return {
    size: options.size ?? null,
    fit: options.fit ?? 'crop',
    colour: options.colour ?? 'auto',
    background: options.background ?? 'black',
    testFraction,
    seed,
  };
}

/**
 * The options that load a folder the way a model was trained: its recorded settings, or for models
 * saved before they were recorded, its image side and colour (fit and background then as `base`).
 */
export function folderOptionsForModel(
  model: { folder?: FolderSettings; shape: { height: number; channels: 1 | 3 } },
  base: FolderOptions = {},
): FolderOptions {
  const { folder, shape } = model;
  if (folder)
    return { ...base, size: folder.size, fit: folder.fit, colour: folder.colour, background: folder.background };
  return { ...base, size: shape.height, colour: shape.channels === 1 ? 'grey' : 'rgb' };
}

/** True when a folder loaded with `settings` is what `options` asks for (so it need not be loaded again). */
export function sameFolderSettings(settings: FolderSettings | undefined, options: FolderOptions): boolean {
  if (!settings) return false;
  return (
    settings.size === options.size &&
    settings.colour === options.colour &&
    (options.fit === undefined || settings.fit === options.fit) &&
    (options.background === undefined || settings.background === options.background)
  );
}
