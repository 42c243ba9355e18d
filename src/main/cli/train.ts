// `latent-explorer train`: load data, train in-process with the engine, save the model directory.
import { basename, resolve } from 'node:path';
import { ContractError, type FolderOptions } from '../../shared/contract.js';
import { bitsPerDim } from '../../shared/bits-per-dim.js';
import { describeFolderLoad } from '../../shared/folder-rules.js';
import { data } from '../data/index.js';
import { engine } from '../engine/index.js';
import type { TrainCommand } from './args.js';
import { detectSource, loadSource } from './data-source.js';
import { emitReport } from './output.js';
import type { Progress } from './progress.js';
import { baseReport } from './report.js';

export async function runTrain(cmd: TrainCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  const source = detectSource(cmd.data);
  const backend = await engine.selectBackend(cmd.config.backend);
  log(`backend: ${backend.name}${backend.skipped.map((s) => ` (skipped ${s.name}: ${s.reason})`).join('')}`);

  const folderOptions: FolderOptions = {
    ...(cmd.size !== null ? { size: cmd.size } : {}),
    fit: cmd.fit,
    colour: cmd.colour,
    background: cmd.background,
  };
  const dataset = await loadSource(source, folderOptions, (done, total, phase) =>
    progress.update(phase || 'loading', done, total),
  );
  progress.end();
  const { info, images } = dataset;
  const trainCount = cmd.config.limit > 0 ? Math.min(cmd.config.limit, info.trainCount) : info.trainCount;
  if (trainCount === 0) throw new ContractError('DATASET_EMPTY', `${info.name} has no training images`);
  const trainSet = data.sliceImages(images, 0, trainCount);
  const testSet = info.testCount > 0 ? data.sliceImages(images, info.trainCount, info.count) : null;
  if (info.skipped.length > 0)
    log(`skipped ${info.skipped.length} file(s) that could not be read (listed in the report)`);
  if (info.folder) log(describeFolderLoad(info.folder));
  log(`training on ${trainCount} images, testing on ${info.testCount} (${info.width}×${info.height}×${info.channels})`);

  const pixels = info.height * info.width * info.channels;
  const model = engine.createVae(cmd.config, { height: info.height, width: info.width, channels: info.channels });
  // Ctrl-C once: finish the current step and save what was reached. Twice: quit now.
  let stopRequested = false;
  const onSigint = (): void => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    progress.end();
    log('stopping after this step and saving the model (Ctrl-C again to quit without saving)');
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await engine.train(model, trainSet, testSet, {
      shouldStop: () => stopRequested,
      onStep: (s) =>
        progress.update(
          `epoch ${s.epoch}/${cmd.config.epochs}`,
          s.step,
          s.stepsPerEpoch,
          `loss ${s.loss.toFixed(2)}  ${Math.round(s.imagesPerSecond)} img/s  eta ${Math.round(s.etaSeconds)}s`,
        ),
      onEpoch: ({ metrics: m }) => {
        progress.end();
        const bpd =
          info.folder && m.testElbo !== null ? ` (${bitsPerDim(m.testElbo, pixels).toFixed(3)} bits/dim)` : '';
        const test = m.testElbo === null ? '' : `  test ELBO ${m.testElbo.toFixed(2)}${bpd}`;
        log(
          `epoch ${m.epoch}: loss ${m.loss.toFixed(2)} (recon ${m.recon.toFixed(2)}, KL ${m.kl.toFixed(2)})${test}  ${m.seconds.toFixed(1)}s`,
        );
      },
    });
    progress.end();
    const out = resolve(cmd.out);
    await engine.saveModel(
      model,
      {
        name: basename(out),
        backend: backend.name,
        seed: cmd.config.seed,
        datasetFingerprint: info.fingerprint,
        datasetName: info.name,
        history: result.history,
        createdAt: new Date().toISOString(),
        ...(info.folder ? { folder: info.folder.settings } : {}),
      },
      out,
    );
    log(`model saved to ${out}`);
    const last = result.history.at(-1);
    await emitReport(
      {
        ...baseReport(
          'train',
          backend,
          dataset,
          { train: trainCount, test: info.testCount },
          result.history,
          last?.testElbo ?? null,
          result.imagesPerSecond,
          cmd.config,
        ),
        outcome: result.outcome,
        model_dir: out,
        config: cmd.config,
      },
      cmd.report,
    );
  } finally {
    process.off('SIGINT', onSigint);
    model.dispose();
  }
}
