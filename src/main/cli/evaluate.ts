// `latent-explorer eval`: test ELBO, importance-weighted NLL and KL per latent dimension.
import { data } from '../data/index.js';
import { engine } from '../engine/index.js';
import type { EvalCommand } from './args.js';
import { evaluationSplit, openModelAndData } from './open-model.js';
import { emitReport } from './output.js';
import type { Progress } from './progress.js';
import { baseReport } from './report.js';

/** A dimension is active when its mean KL exceeds this many nats (issue 2). */
export const ACTIVE_UNIT_NATS = 0.01;

export async function runEval(cmd: EvalCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  const { backend, model, meta, dataset } = await openModelAndData(cmd, progress);
  try {
    const { start, end, split } = evaluationSplit(dataset);
    const images = data.sliceImages(dataset.images, start, end);
    log(`backend: ${backend.name}; evaluating ${images.n} ${split === 'test' ? 'test' : ''} images`);

    const t0 = performance.now();
    const elbo = engine.evaluateElbo(model, images);
    const seconds = (performance.now() - t0) / 1000;

    const iwNll = await engine.iwNll(model, images, cmd.iwSamples, meta.seed, (done, total) =>
      progress.update(`IW-NLL (K=${cmd.iwSamples})`, done, total),
    );
    progress.end();
    const { mu, logvar } = engine.encode(model, images);
    const klPerDim = engine.klPerDim(mu, logvar);

    await emitReport(
      {
        ...baseReport(
          'eval',
          backend,
          dataset,
          { train: dataset.info.trainCount, test: dataset.info.testCount },
          meta.history,
          elbo.elbo,
          seconds > 0 ? images.n / seconds : 0,
        ),
        evaluated_on: split,
        images_evaluated: images.n,
        recon: Number(elbo.recon.toFixed(4)),
        kl: Number(elbo.kl.toFixed(4)),
        iw_nll: Number(iwNll.toFixed(4)),
        iw_samples: cmd.iwSamples,
        kl_per_dim: klPerDim.map((k) => Number(k.toFixed(5))),
        active_units: klPerDim.filter((k) => k > ACTIVE_UNIT_NATS).length,
        model_dir: cmd.model,
      },
      cmd.report,
    );
  } finally {
    model.dispose();
  }
}
