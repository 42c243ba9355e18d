// The engine process's memory limit: one setting, read here. The V8 old-space limit bounds the
// JavaScript heap (datasets and tfjs-wasm memory are outside it, so the process can use more).
import { ContractError } from '../../shared/contract.js';

export const ENGINE_MEMORY_ENV = 'LATENT_EXPLORER_ENGINE_MEMORY_MB';
export const ENGINE_MEMORY_MIN_MB = 64;
export const ENGINE_MEMORY_MAX_MB = 1_048_576;

/** Parses a limit in MB; null for "Node's default". Throws a ContractError a person can act on. */
export function parseEngineMemory(value: string | undefined, source = ENGINE_MEMORY_ENV): number | null {
  if (value === undefined || value.trim() === '') return null;
  const mb = Number(value);
  if (!Number.isInteger(mb) || mb < ENGINE_MEMORY_MIN_MB || mb > ENGINE_MEMORY_MAX_MB) {
    throw new ContractError(
      'BAD_ARGUMENT',
      `${source} must be a whole number of megabytes from ${ENGINE_MEMORY_MIN_MB} to ${ENGINE_MEMORY_MAX_MB}, got "${value}".`,
    );
  }
  return mb;
}
