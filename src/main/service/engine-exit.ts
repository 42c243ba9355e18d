// An engine process's end in words a person can act on ("it was killed (SIGKILL) …").
import { ENGINE_MEMORY_ENV } from './engine-memory.js';
import type { EngineExit } from './engine-transport.js';

export function describeExit(exit: EngineExit, memoryLimitMb: number | null): string {
  if (exit.outOfMemory || exit.detail === 'oom') {
    const limit = memoryLimitMb === null ? "Node's default limit" : `its limit of ${memoryLimitMb} MB`;
    return `it ran out of memory (${limit}; set ${ENGINE_MEMORY_ENV} to a larger number of MB, or train on fewer or smaller images)`;
  }
  if (exit.signal === 'SIGKILL' || exit.detail === 'killed')
    return 'it was killed (SIGKILL), by a person or by the system when memory ran out';
  if (exit.signal === 'SIGABRT' || exit.code === 134)
    return 'it aborted (a native crash, e.g. in the TensorFlow backend or an image decoder)';
  if (exit.signal === 'SIGSEGV' || exit.signal === 'SIGBUS' || exit.detail === 'crashed')
    return `it crashed (${exit.signal ?? 'native crash'})`;
  if (exit.signal) return `it was ended by ${exit.signal}`;
  if (exit.code === null && exit.detail) return `it could not run (${exit.detail})`;
  return `it exited with code ${exit.code ?? 'unknown'}${exit.detail ? ` (${exit.detail})` : ''}`;
}
