// Where the engine process's code is. Built: out/main/engine.js (entry name fixed in
// electron.vite.config.ts), next to the bundle or one level up from a chunk. Source (vitest, tsx):
// src/main/worker/engine-main.ts, which fork-engine.ts starts through tsx's loader.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractError } from '../../shared/contract.js';

export function resolveEngineEntry(explicit?: string): string {
  if (explicit !== undefined) return explicit;
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return join(dirname(here), '..', 'worker', 'engine-main.ts');
  const candidates = [join(dirname(here), 'engine.js'), join(dirname(here), '..', 'engine.js')];
  const built = candidates.find((c) => existsSync(c));
  if (!built)
    throw new ContractError('INTERNAL', `The engine (engine.js) is missing next to ${here}. Rebuild the app.`);
  return built;
}
