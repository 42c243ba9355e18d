// Validates FolderOptions and fills the defaults that do not depend on the images.
import { ContractError, type FolderOptions } from '../../shared/contract.js';

export interface ResolvedFolderOptions {
  /** null = the colour mode's default (28 grayscale, 32 RGB). */
  size: number | null;
  color: 'auto' | 'grayscale' | 'rgb';
  testFraction: number;
  seed: number;
}

export const DEFAULT_GREY_SIZE = 28;
export const DEFAULT_RGB_SIZE = 32;
const MAX_SIZE = 512;

export function resolveFolderOptions(options: FolderOptions = {}): ResolvedFolderOptions {
  const size = options.size ?? null;
  if (size !== null && (!Number.isInteger(size) || size < 4 || size > MAX_SIZE)) {
    throw new ContractError('BAD_ARGUMENT', `Image size must be a whole number from 4 to ${MAX_SIZE}, got ${size}.`);
  }
  const color = options.color ?? 'auto';
  if (!['auto', 'grayscale', 'rgb'].includes(color)) {
    throw new ContractError('BAD_ARGUMENT', `Colour must be auto, grayscale or rgb, got ${String(color)}.`);
  }
  const testFraction = options.testFraction ?? 0.1;
  if (!Number.isFinite(testFraction) || testFraction < 0 || testFraction >= 1) {
    throw new ContractError('BAD_ARGUMENT', `Test fraction must be at least 0 and below 1, got ${testFraction}.`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new ContractError('BAD_ARGUMENT', `Seed must be a whole number, got ${seed}.`);
  return { size, color, testFraction, seed };
}
