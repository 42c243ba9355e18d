// `latent-explorer train`: load data, train in-process with the engine, save the model directory.
import { basename, resolve } from 'node:path';
import { ContractError, type EpochMetrics, type FolderOptions } from '../../shared/contract.js';
import { bitsPerDim } from '../../shared/bits-per-dim.js';
import { describeFolderLoad } from '../../shared/folder-rules.js';
import { data } from '../data/index.js';
import { engine } from '../engine/index.js';
import { checkSaveTarget, cleanTargetLeftovers } from '../engine/store-files.js';
import type { TrainCommand } from './args.js';
import { detectSource, loadSource } from './data-source.js';
import { emitReport } from './output.js';
import type { Progress } from './progress.js';
import { baseReport } from './report.js';

export async function runTrain(cmd: TrainCommand, progress: Progress, log: (line: string) => void): Promise<void> {
  // Before any long work: a target that would cost the user something is refused now, not after training.
  const out = resolve(cmd.out);
  await checkSaveTarget(out, { replace: cmd.overwrite });
  await cleanTargetLeftovers(out);
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
  const createdAt = new Date().toISOString();
  // --out is written at the end of every epoch, so it always holds the last finished epoch: after a
  // divergence, a kill or a second Ctrl-C. The first write needs --overwrite only if a model was there.
  let savedEpochs = 0;
  const save = async (history: EpochMetrics[]): Promise<void> => {
    const meta = {
      name: basename(out),
      backend: backend.name,
      seed: cmd.config.seed,
      datasetFingerprint: info.fingerprint,
      datasetName: info.name,
      history,
      createdAt,
      ...(info.folder ? { folder: info.folder.settings } : {}),
    };
    await engine.saveModel(model, meta, out, { replace: cmd.overwrite || savedEpochs > 0 });
    savedEpochs = history.length;
  };
  // Ctrl-C once: finish the current step and save what was reached. Twice: quit now.
  let stopRequested = false;
  const onSigint = (): void => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    progress.end();
    log(
      savedEpochs > 0
        ? `stopping after this step and saving the model (Ctrl-C again to quit now; ${out} keeps epoch ${savedEpochs})`
        : 'stopping after this step and saving the model (Ctrl-C again to quit without saving)',
    );
  };
  process.on('SIGINT', onSigint);
  const history: EpochMetrics[] = [];
  try {
    let result;
    try {
      result = await engine.train(model, trainSet, testSet, {
        shouldStop: () => stopRequested,
        onStep: (s) =>
          progress.update(
            `epoch ${s.epoch}/${cmd.config.epochs}`,
            s.step,
            s.stepsPerEpoch,
            `loss ${s.loss.toFixed(2)}  ${Math.round(s.imagesPerSecond)} img/s  eta ${Math.round(s.etaSeconds)}s`,
          ),
        onEpoch: async ({ metrics: m }) => {
          progress.end();
          const bpd =
            info.folder && m.testElbo !== null ? ` (${bitsPerDim(m.testElbo, pixels).toFixed(3)} bits/dim)` : '';
          const test = m.testElbo === null ? '' : `  test ELBO ${m.testElbo.toFixed(2)}${bpd}`;
          log(
            `epoch ${m.epoch}: loss ${m.loss.toFixed(2)} (recon ${m.recon.toFixed(2)}, KL ${m.kl.toFixed(2)})${test}  ${m.seconds.toFixed(1)}s`,
          );
          history.push(m);
          await save([...history]);
        },
      });
    } catch (e) {
      if (e instanceof ContractError && e.code === 'TRAINING_DIVERGED')
        throw divergence(out, history.length + 1, savedEpochs);
      throw e;
    }
    progress.end();
    // A completed run was saved at the end of its last epoch; a stop mid-epoch saves what it reached.
    if (result.outcome !== 'completed' || savedEpochs !== result.history.length) await save(result.history);
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
        threads: result.threads,
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

/** What a divergence left on disk, said truthfully: the last finished epoch, or nothing. */
function divergence(out: string, epoch: number, savedEpochs: number): ContractError {
  const where = `Training diverged in epoch ${epoch} (the loss became NaN or infinite). `;
  const advice = ' Try a smaller learning rate (--lr).';
  return new ContractError(
    'TRAINING_DIVERGED',
    savedEpochs > 0
      ? `${where}${out} holds the model after epoch ${savedEpochs}, the last good one, saved when it finished.${advice}`
      : `${where}Nothing was saved: no epoch had finished.${advice}`,
  );
}
