// onnxruntime-node, opened lazily in the process that runs the engine. Its public
// InferenceSession.run is async only because it defers the native call with setImmediate; the
// engine's encode/decode are synchronous, so this calls the package's native session directly
// (the same call its backend makes), which runs synchronously on the CPU execution provider.
import { createRequire } from 'node:module';
import { ContractError } from '../../../shared/contract.js';

/** Where the runtime is loaded from; LATENT_EXPLORER_ONNXRUNTIME overrides it (tests: a missing runtime). */
export const ONNXRUNTIME_MODULE = 'onnxruntime-node';

interface RawMeta {
  name: string;
  isTensor: boolean;
  type: number;
  shape: number[];
}
interface NativeTensor {
  dims: readonly number[];
  data: unknown;
  type: string;
}
interface NativeSession {
  loadModel(path: string, options: object): void;
  readonly inputMetadata: RawMeta[];
  readonly outputMetadata: RawMeta[];
  run(feeds: Record<string, unknown>, fetches: Record<string, null>, options: object): Record<string, NativeTensor>;
  dispose(): void;
}
interface Runtime {
  newSession(): NativeSession;
  tensor(data: Float32Array, dims: number[]): unknown;
}

/** A value's shape as the graph declares it; null = a symbolic (dynamic) dimension. */
export interface ValueInfo {
  name: string;
  shape: (number | null)[];
  float32: boolean;
}

export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

const runtimes = new Map<string, Runtime>();

function loadRuntime(): Runtime {
  const name = process.env.LATENT_EXPLORER_ONNXRUNTIME || ONNXRUNTIME_MODULE;
  const known = runtimes.get(name);
  if (known) return known;
  try {
    const req = createRequire(import.meta.url);
    const base = req.resolve(`${name}/package.json`).replace(/package\.json$/, '');
    const { binding, initOrt } = req(`${base}dist/binding.js`) as {
      binding: { InferenceSession: new () => NativeSession };
      initOrt: () => void;
    };
    const common = req(req.resolve('onnxruntime-common', { paths: [base] })) as {
      Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
    };
    initOrt();
    const rt: Runtime = {
      newSession: () => new binding.InferenceSession(),
      tensor: (data, dims) => new common.Tensor('float32', data, dims),
    };
    runtimes.set(name, rt);
    return rt;
  } catch (e) {
    throw new ContractError(
      'BACKEND_UNAVAILABLE',
      `The ONNX runtime (${name}) cannot be loaded on this machine (${firstLine(e)}); models imported from ONNX cannot be opened here, every other model still works. Reinstall the app, or run it where onnxruntime-node supports the platform.`,
    );
  }
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
}

/** One ONNX graph, run synchronously. */
export class OnnxGraph {
  readonly inputs: ValueInfo[];
  readonly outputs: ValueInfo[];
  private session: NativeSession | null;
  private readonly rt: Runtime;

  constructor(readonly file: string) {
    this.rt = loadRuntime();
    const session = this.rt.newSession();
    try {
      session.loadModel(file, {});
    } catch (e) {
      throw new ContractError(
        'MODEL_INVALID',
        `${file} is not an ONNX graph the runtime can open (${firstLine(e)}). Export it with torch.onnx.export (opset 13 or later).`,
      );
    }
    this.session = session;
    const info = (m: RawMeta): ValueInfo => ({
      name: m.name,
      shape: m.shape.map((d) => (d >= 0 ? d : null)),
      float32: m.isTensor && m.type === 1,
    });
    this.inputs = session.inputMetadata.map(info);
    this.outputs = session.outputMetadata.map(info);
  }

  /** Feeds the one input, returns every output in the graph's order. */
  run(input: FloatTensor): FloatTensor[] {
    if (!this.session) throw new ContractError('MODEL_NOT_LOADED', 'This model was closed; open it again.');
    const fetches: Record<string, null> = {};
    for (const o of this.outputs) fetches[o.name] = null;
    let out: Record<string, NativeTensor>;
    try {
      out = this.session.run({ [this.inputs[0]!.name]: this.rt.tensor(input.data, input.dims) }, fetches, {});
    } catch (e) {
      throw new ContractError(
        'MODEL_INCOMPATIBLE',
        `The ONNX graph ${this.file} failed on a [${input.dims.join(', ')}] input: ${firstLine(e)}`,
      );
    }
    return this.outputs.map((o) => {
      const t = out[o.name]!;
      if (!(t.data instanceof Float32Array))
        throw new ContractError('MODEL_INVALID', `Output ${o.name} of ${this.file} is ${t.type}, not float32.`);
      return { data: t.data, dims: [...t.dims] };
    });
  }

  dispose(): void {
    this.session?.dispose();
    this.session = null;
  }
}
