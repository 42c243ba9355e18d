// Where a training step's time goes on tfjs-wasm: one gradient computation of the model (the work of
// one replica's shard), profiled with tf.profile, kernel times summed by kernel name; with a kernel
// name, also every call of it with its shapes. Single thread, synthetic pixels (speed does not depend
// on them).
//   npx tsx scripts/step-profile.ts [--arch conv|mlp] [--side 64] [--rows 32] [--kernel Conv2D]
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/shared/contract.js';
import { engine } from '../src/main/engine/index.js';
import { asVae } from '../src/main/engine/model.js';
import { batchObjective } from '../src/main/engine/objective.js';
import { medianMs } from './kernel-time.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const arch = opt('arch', 'conv') as TrainConfig['arch'];
const side = Number(opt('side', arch === 'conv' ? '64' : '28'));
const channels = arch === 'conv' ? 3 : 1;
const rows = Number(opt('rows', '32'));

await engine.selectBackend('wasm');
const config: TrainConfig =
  arch === 'conv'
    ? { ...DEFAULT_TRAIN_CONFIG, arch, filters: [32, 32, 64, 64], hidden: [256], latent: 10 }
    : { ...DEFAULT_TRAIN_CONFIG, arch };
const m = asVae(engine.createVae(config, { height: side, width: side, channels }));
const x = tf.randomUniform([rows, side * side * channels]) as tf.Tensor2D;
const eps = tf.randomNormal([rows, config.latent]) as tf.Tensor2D;
const step = () =>
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => batchObjective(m, x, eps, 1, rows).loss, m.params);
    return tf.stack(Object.values(grads).map((g) => tf.sum(g)));
  });
const stepMs = medianMs(step, 8, 3);
const profile = await tf.profile(() => step());
// 'forward' (the tape's tidy) and '…__op' (an op wrapping its kernel) would count kernels twice.
const leaves = profile.kernels.filter((k) => k.name !== 'forward' && !k.name.endsWith('__op'));
const byName = new Map<string, { ms: number; calls: number }>();
for (const k of leaves) {
  const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += k.kernelTimeMs as number;
  e.calls++;
  byName.set(k.name, e);
}
const total = leaves.reduce((a, k) => a + (k.kernelTimeMs as number), 0);
console.log(
  `${arch} ${side}×${side}×${channels}, ${rows} rows: step median ${stepMs.toFixed(1)} ms, kernels ${total.toFixed(1)} ms`,
);
for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`  ${name.padEnd(18)} ${e.ms.toFixed(2).padStart(8)} ms  ${String(e.calls).padStart(4)} calls`);
const kernel = opt('kernel', '');
if (kernel)
  for (const k of leaves
    .filter((k) => k.name === kernel)
    .sort((a, b) => (b.kernelTimeMs as number) - (a.kernelTimeMs as number)))
    console.log(
      `  ${(k.kernelTimeMs as number).toFixed(2).padStart(7)} ms ${JSON.stringify(k.inputShapes)} → ${JSON.stringify(k.outputShapes)}`,
    );
