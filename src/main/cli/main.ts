// Entry of the `latent-explorer` command: built to out/main/cli.js, whose main() bin/latent-explorer.mjs calls.
// Exit status: 0 done, 1 bad data/model or any failure (one line, no stack), 2 bad arguments (+ usage).
import pkg from '../../../package.json' with { type: 'json' };
import { toContractError } from '../../shared/contract.js';
import { parseCli, UsageError, type Command } from './args.js';
import { stderrProgress } from './progress.js';
import { usage } from './usage.js';

const PREFIX = 'latent-explorer';

/** Runs one command to its end (serve: until stopped) and resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${PREFIX}: ${err.message}\n\n${usage(err.command)}`);
    return 2;
  }
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const progress = stderrProgress();
  try {
    switch (command.cmd) {
      case 'help':
        process.stdout.write(usage(command.topic));
        return 0;
      case 'version':
        process.stdout.write(`${pkg.version}\n`);
        return 0;
      case 'train':
        await (await import('./train.js')).runTrain(command, progress, log);
        return 0;
      case 'eval':
        await (await import('./evaluate.js')).runEval(command, progress, log);
        return 0;
      case 'gif':
        await (await import('./gif.js')).runGif(command, progress, log);
        return 0;
      case 'grid':
        await (await import('./grid.js')).runGrid(command, progress, log);
        return 0;
      case 'import':
        await (await import('./import-onnx.js')).runImport(command, log);
        return 0;
      case 'export-onnx':
        await (await import('./export-onnx.js')).runExportOnnx(command, log);
        return 0;
      case 'serve':
        await (await import('./serve.js')).runServeCommand(command);
        // The host sets exitCode when it could not close cleanly.
        return typeof process.exitCode === 'number' ? process.exitCode : 0;
    }
  } catch (err) {
    progress.end();
    if (err instanceof UsageError) {
      process.stderr.write(`${PREFIX}: ${err.message}\n\n${usage(err.command)}`);
      return 2;
    }
    const e = toContractError(err);
    process.stderr.write(`${PREFIX}: ${e.message}\n`);
    // An --out that would cost the user a file is a usage problem: exit 2, like a bad argument.
    if (e.code === 'TARGET_EXISTS') return 2;
    // A stack is for developers chasing a bug, never for a person's mistake.
    if (process.env.LATENT_EXPLORER_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
