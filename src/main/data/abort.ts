// Cancellation shared by the loaders: every loader stops with ContractError('CANCELLED').
import { ContractError } from '../../shared/contract.js';

export function cancelledError(): ContractError {
  return new ContractError('CANCELLED', 'Loading the dataset was cancelled.');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
