// Waiting on the shared counters. Helper threads have nothing else to do and block (Atomics.wait);
// the coordinator awaits (Atomics.waitAsync) so its event loop keeps running: pause/stop/cancel
// messages, and the 'exit' event of a helper that died, which marks the run failed.
import { C } from './shared-state.js';

/** Re-checks the flags at least this often, whatever wakes (or does not wake) a waiter. */
const RECHECK_MS = 250;

// ES2024's Atomics.waitAsync (Node ≥ 16); the project's lib is ES2023.
type WaitAsync = (
  a: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export function arrive(control: Int32Array, index: number): void {
  Atomics.add(control, index, 1);
  Atomics.notify(control, index);
}

function givenUp(control: Int32Array): boolean {
  return Atomics.load(control, C.failed) !== 0 || Atomics.load(control, C.stop) !== 0;
}

/** Blocks until control[index] ≥ target; false when the run failed or stopped meanwhile. */
export function waitAtLeast(control: Int32Array, index: number, target: number): boolean {
  for (;;) {
    const cur = Atomics.load(control, index);
    if (cur >= target) return true;
    if (givenUp(control)) return false;
    Atomics.wait(control, index, cur, RECHECK_MS);
  }
}

/** Blocks until control[index] differs from `seen`; false when the run failed or stopped. */
export function waitChange(control: Int32Array, index: number, seen: number): boolean {
  for (;;) {
    if (givenUp(control)) return false;
    if (Atomics.load(control, index) !== seen) return true;
    Atomics.wait(control, index, seen, RECHECK_MS);
  }
}

/** The coordinator's wait: until control[index] ≥ target; false when the run failed meanwhile. */
export async function waitAtLeastAsync(control: Int32Array, index: number, target: number): Promise<boolean> {
  for (;;) {
    const cur = Atomics.load(control, index);
    if (cur >= target) return true;
    if (givenUp(control)) return false;
    const r = waitAsync(control, index, cur, RECHECK_MS);
    if (r.async) await r.value;
  }
}
