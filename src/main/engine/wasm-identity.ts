// tfjs-wasm's Identity kernel copies its input into a new buffer; the cpu and webgl backends share
// the buffer and count one more reference. tfjs runs Identity for tf.clone and for every tensor a
// custom gradient saves (conv.ts and dense.ts save each layer's input and output), so on wasm a
// 64-px conv training step copied ~56 activations it never changes: ~3 ms of a ~200 ms step
// (scripts/step-profile.ts). Tensors are immutable and no wasm kernel writes into its inputs, so sharing
// is what the other backends already rely on.
import * as tf from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/** Replaces the wasm backend's Identity kernel with the sharing one (call once, after the wasm package loads). */
export function shareIdentityOnWasm(): void {
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = (inputs as tf.IdentityInputs).x as tf.TensorInfo;
      (backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}
