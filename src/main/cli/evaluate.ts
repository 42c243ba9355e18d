// `latent-explorer eval`: every metric of a model, from the function the app's metrics.evaluate uses
// (engine/metrics.ts) on the same split with the same seed, so both give the same numbers.
import { likelihoodNote } from '../../shared/likelihood.js';
import { data } from '../data/index.js';
import { engine } from '../engine/index.js';
import { evaluationSplit } from '../engine/metrics.js';
import type { EvalCommand } from './args.js';
import { openModelAndData } from './open-model.js';
import { emitReport } from './output.js';
import type { Progress } from './progress.js';
import { baseReport } from './report.js';

export async function runEval(cmd: EvalCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  const { backend, model, meta, dataset } = await openModelAndData(cmd, progress);
  try {
    const { start, end, split } = evaluationSplit(dataset.info);
    const images = data.sliceImages(dataset.images, start, end);
    log(`backend: ${backend.name}; evaluating ${images.n} ${split === 'test' ? 'test' : ''} images`);
    log(likelihoodNote(meta.config));

    const t0 = performance.now();
    const r = await engine.evaluateModel(model, images, cmd.iwSamples, (done, total) =>
      progress.update(`ELBO and IW-NLL (K=${cmd.iwSamples})`, done, total),
    );
    const seconds = (performance.now() - t0) / 1000;
    progress.end();

    await emitReport(
      {
        ...baseReport(
          'eval',
          backend,
          dataset,
          { train: dataset.info.trainCount, test: dataset.info.testCount },
          meta.history,
          r.elbo,
          seconds > 0 ? (images.n * cmd.iwSamples) / seconds : 0,
          meta.config,
        ),
        evaluated_on: split,
        images_evaluated: r.images,
        recon: Number(r.recon.toFixed(4)),
        kl: Number(r.kl.toFixed(4)),
        iw_nll: Number(r.iwNll.toFixed(4)),
        iw_samples: r.iwSamples,
        kl_per_dim: r.klPerDim.map((k) => Number(k.toFixed(5))),
        mu_variance: r.muVariance.map((v) => Number(v.toFixed(5))),
        active_units: r.activeUnits,
        model_dir: cmd.model,
      },
      cmd.report,
    );
  } finally {
    model.dispose();
  }
}
