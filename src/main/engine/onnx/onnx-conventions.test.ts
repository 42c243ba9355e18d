// Issue 13: the other conventions import reads — flat input, one [n, 2·latent] output, inputs in
// [−1, 1], a decoder giving probabilities — checked against PyTorch's own outputs of such graphs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageBatch } from '../../../shared/contract.js';
import { engine } from '../index.js';
import { mnist } from '../test-data.js';
import { importOnnx } from './folder.js';
import { PYTHON, torchMissing } from './torch-fixture.js';

const missing = torchMissing();

// Writes enc.onnx (flat x in [−1, 1] → one [n, 2·3] output), dec.onnx (z → sigmoid probs [n, 784])
// and ref.json: PyTorch's outputs for the first 3 test digits and for 2 codes.
const SCRIPT = `
import json, sys, gzip, struct, torch
torch.manual_seed(7)
out, idx = sys.argv[1], sys.argv[2]
enc = torch.nn.Sequential(torch.nn.Linear(784, 32), torch.nn.Tanh(), torch.nn.Linear(32, 6))
dec = torch.nn.Sequential(torch.nn.Linear(3, 32), torch.nn.Tanh(), torch.nn.Linear(32, 784), torch.nn.Sigmoid())
torch.onnx.export(enc, torch.zeros(1, 784), out + "/enc.onnx", input_names=["x"], output_names=["h"], dynamic_axes={"x": {0: "n"}, "h": {0: "n"}}, opset_version=13)
torch.onnx.export(dec, torch.zeros(1, 3), out + "/dec.onnx", input_names=["z"], output_names=["p"], dynamic_axes={"z": {0: "n"}, "p": {0: "n"}}, opset_version=13)
with gzip.open(idx, "rb") as f:
    f.read(16)
    x = torch.frombuffer(bytearray(f.read(3 * 784)), dtype=torch.uint8).view(3, 784).float() / 255
z = torch.tensor([[0.5, -1.0, 2.0], [0.0, 0.3, -0.7]])
with torch.no_grad():
    json.dump({"h": enc(2 * x - 1).tolist(), "p": dec(z).tolist(), "z": z.tolist()}, open(out + "/ref.json", "w"))
`;
import { skipTitle } from '../../test-skip.js';

describe.skipIf(missing !== null)(skipTitle('import conventions: flat, split, [−1, 1], probabilities', missing), () => {
  let dir: string;
  beforeAll(async () => {
    await engine.selectBackend('wasm');
    dir = mkdtempSync(path.join(tmpdir(), 'le-onnx-conv-'));
    const idx = path.resolve(
      path.dirname(new URL(import.meta.url).pathname),
      '../../../../resources/mnist/t10k-images-idx3-ubyte.gz',
    );
    const r = spawnSync(PYTHON, ['-c', SCRIPT, dir, idx], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  });

  it('reads μ | log σ² from one output of a flat [−1, 1] encoder and decodes probabilities', async () => {
    const ref = JSON.parse(readFileSync(path.join(dir, 'ref.json'), 'utf8')) as {
      h: number[][];
      p: number[][];
      z: number[][];
    };
    const meta = await importOnnx({
      encoder: path.join(dir, 'enc.onnx'),
      decoder: path.join(dir, 'dec.onnx'),
      out: path.join(dir, 'model'),
      inputRange: [-1, 1],
      decoderOutput: 'probs',
      likelihood: 'mse',
      shape: null,
    });
    expect(meta.source).toMatchObject({
      inputLayout: 'flat',
      encoderOutputs: 'split',
      decoderLayout: 'flat',
      latent: 3,
    });
    expect(meta.shape).toEqual({ height: 28, width: 28, channels: 1 });
    const { model } = await engine.loadModel(path.join(dir, 'model'));
    try {
      const three: ImageBatch = mnist('t10k', 3);
      const { mu, logvar } = engine.encode(model, three);
      ref.h.forEach((row, i) => {
        row.slice(0, 3).forEach((v, j) => expect(Math.abs(mu.data[i * 3 + j]! - v)).toBeLessThan(1e-4));
        row.slice(3).forEach((v, j) => expect(Math.abs(logvar.data[i * 3 + j]! - v)).toBeLessThan(1e-4));
      });
      const images = engine.decode(model, { data: Float32Array.from(ref.z.flat()), rows: 2, cols: 3 });
      ref.p.flat().forEach((p, i) => expect(Math.abs(images.data[i]! - Math.round(p * 255))).toBeLessThanOrEqual(1));
      expect(Number.isFinite(engine.evaluateElbo(model, three).elbo)).toBe(true);
    } finally {
      model.dispose();
    }
  });
});
