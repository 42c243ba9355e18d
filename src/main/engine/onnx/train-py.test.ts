// Issue 13: python/train.py distributed (DDP, gloo) trains the same model as one process, and the
// folder it writes opens in the engine.
import { describe, expect, it } from 'vitest';
import { engine } from '../index.js';
import { mnist } from '../test-data.js';
import { torchMissing, trainDistributed, trainWithTorch } from './torch-fixture.js';

const missing = torchMissing();
if (missing) console.warn(`skipping the python/train.py tests: ${missing}`);

const ARGS = ['--hidden', '128', '--latent', '8', '--epochs', '2', '--batch', '64'];

describe.skipIf(missing !== null)('python/train.py', () => {
  it('on 2 processes (gloo) reaches a test ELBO within 1 nat of one process with the same total batch and epochs', async () => {
    const one = trainWithTorch(ARGS);
    const two = await trainDistributed(ARGS, 2);
    expect(two.processes).toBe(2);
    expect(one.processes).toBe(1);
    expect(Math.abs(two.test_elbo - one.test_elbo)).toBeLessThan(1);
    // It learned something: far better than the ~−540 nats of an untrained decoder on MNIST.
    expect(one.test_elbo).toBeGreaterThan(-250);

    // The folder it wrote is an ordinary model: the engine opens it and agrees with PyTorch's ELBO.
    await engine.selectBackend('wasm');
    const { model, meta } = await engine.loadModel(two.out);
    try {
      expect(meta.source?.trainedBy).toMatch(/python\/train\.py/);
      const elbo = engine.evaluateElbo(model, mnist('t10k'));
      expect(Math.abs(elbo.elbo - two.test_elbo)).toBeLessThan(1);
    } finally {
      model.dispose();
    }
  });
});
