// Issue 10 item 23: with β = 4 the "train ELBO" series is −(recon + KL), not −loss; the loss series is
// the β-weighted objective. Metrics come from a real training run on real digits.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type EpochMetrics, type TrainStep } from '../../shared/contract';
import { selectBackend } from '../../main/engine/backend';
import { createVae } from '../../main/engine/index';
import { mnist } from '../../main/engine/test-data';
import { train } from '../../main/engine/train';
import { EPOCH_SERIES, epochRow, STEP_SERIES, stepRow } from './train-charts';

let history: EpochMetrics[];
let steps: TrainStep[];

beforeAll(async () => {
  await selectBackend('wasm');
  const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [64], latent: 4, epochs: 1, limit: 640, beta: 4 };
  const model = createVae(config, { height: 28, width: 28, channels: 1 });
  steps = [];
  const r = await train(model, mnist('train', 640), mnist('t10k', 100), {
    onStep: (s) => steps.push({ jobId: 'j', ...s }),
  });
  history = r.history;
  model.dispose();
});

describe('Train tab charts', () => {
  it('plot the ELBO as −(recon + KL), unweighted by β, and label the β-weighted objective "loss"', () => {
    const m = history[0]!;
    const [, testElbo, trainElbo] = epochRow(m);
    expect(trainElbo).toBeCloseTo(-(m.recon + m.kl), 6);
    // With β = 4 the objective is recon + 4·KL: plotting −loss as the ELBO would be off by 3·KL.
    expect(m.loss).toBeCloseTo(m.recon + 4 * m.kl, 3);
    expect(m.kl).toBeGreaterThan(0.01);
    expect(trainElbo - -m.loss).toBeCloseTo(3 * m.kl, 3);
    expect(testElbo).toBe(m.testElbo);
    expect(EPOCH_SERIES.map((s) => s.label)).toEqual(['test ELBO', 'train ELBO']);

    const s = steps.at(-1)!;
    expect(s.elbo).toBeCloseTo(-(s.recon + s.kl), 6);
    expect(stepRow(s)).toEqual([s.globalStep, s.loss, s.recon, s.kl]);
    expect(STEP_SERIES[0]!.label).toMatch(/^loss = recon \+ β·KL/);
    expect(STEP_SERIES.map((x) => x.label).join(' ')).not.toMatch(/ELBO/);
  });
});
