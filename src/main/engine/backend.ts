// Backend selection. 'auto' walks tensorflow-gpu → tensorflow → wasm → cpu and reports why each
// skipped one failed. The native packages are optional dependencies that cannot install everywhere
// (they download libtensorflow), so they are imported dynamically and their absence is expected.
import * as tf from '@tensorflow/tfjs';
import { ContractError, type BackendChoice, type BackendName, type BackendReport } from '../../shared/contract.js';
import { shareIdentityOnWasm } from './wasm-identity.js';

const ORDER: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
const NATIVE_PACKAGE: Partial<Record<BackendName, string>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

let wasmRegistered = false;

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

function shortReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.slice(0, 300);
}

async function prepareWasm(): Promise<void> {
  if (wasmRegistered) return;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  shareIdentityOnWasm();
  if (isNode()) {
    // In Node the .wasm files are read (by Emscripten, with fs: Node's fetch cannot read paths)
    // from the package's dist folder, wherever a bundler put our code. Threads need workers that
    // Node's build lacks, so the SIMD variant is used.
    const { createRequire } = await import('node:module');
    const path = await import('node:path');
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    wasm.setWasmPaths(dist + path.sep, false);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  wasmRegistered = true;
}

async function tryOne(name: BackendName): Promise<void> {
  const pkg = NATIVE_PACKAGE[name];
  if (pkg) {
    // Registers the 'tensorflow' backend (both packages use that name) in our tfjs-core copy.
    await import(/* @vite-ignore */ pkg);
    if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend did not initialise`);
    return;
  }
  if (name === 'wasm') await prepareWasm();
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not initialise`);
}

let active: BackendName | null = null;

/** The backend in use, under our name for it (tfjs calls both native ones 'tensorflow'). */
export function currentBackend(): BackendName {
  const b = tf.getBackend();
  if (b === 'tensorflow') return active === 'tensorflow-gpu' ? 'tensorflow-gpu' : 'tensorflow';
  return b === 'wasm' ? 'wasm' : 'cpu';
}

export async function selectBackend(choice: BackendChoice): Promise<BackendReport> {
  const candidates = choice === 'auto' ? ORDER : [choice];
  if (!ORDER.includes(candidates[0]!))
    throw new ContractError(
      'BAD_ARGUMENT',
      `Unknown backend "${choice}". Use auto, tensorflow-gpu, tensorflow, wasm or cpu.`,
    );
  const skipped: BackendReport['skipped'] = [];
  for (const name of candidates) {
    try {
      await tryOne(name);
      await tf.ready();
      active = name;
      return { name, skipped };
    } catch (e) {
      const reason = shortReason(e);
      if (choice !== 'auto') {
        throw new ContractError(
          'BACKEND_UNAVAILABLE',
          `The ${name} backend is not available here: ${reason}. Choose another backend (auto picks the fastest that works).`,
        );
      }
      skipped.push({ name, reason });
    }
  }
  throw new ContractError(
    'BACKEND_UNAVAILABLE',
    `No TensorFlow.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}
