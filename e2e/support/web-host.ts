// Starts the real browser host (service + engine process + built renderer) as its own process, with
// test hooks on (serve-main.ts --test-hooks: a source-only switch), reads the one line it prints with
// its URL, and stops it with its whole process group (its engine process too). The engine's pid comes
// from the host's log ("engine process started (pid N)"), so tests can kill the real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const SERVE_MAIN = join(REPO_ROOT, 'src/main/web/serve-main.ts');
const URL_LINE = /Latent Explorer at (http:\/\/\S+)/;
const ENGINE_LINE = /engine process started \(pid (\d+)\)/g;
// tsx compiles the host on start; the machine has 2 busy cores.
const START_TIMEOUT_MS = 60_000;

export interface WebHost {
  url: string;
  dataDir: string;
  /** Everything the host printed so far (for failure messages). */
  log(): string;
  /** Pids of the engine processes the host has started so far, oldest first. */
  enginePids(): number[];
  stop(): Promise<void>;
}

export async function startWebHost(dataDir: string): Promise<WebHost> {
  if (!existsSync(SERVE_MAIN)) throw new Error(`The browser host is missing: ${SERVE_MAIN}`);
  if (!existsSync(join(REPO_ROOT, 'out/renderer/index.html'))) {
    throw new Error('out/renderer is not built: run `npx electron-vite build` first');
  }
  // The journeys' inputs live in the data folder: the only root, so the folder picker starts there
  // (not in whatever home folder the machine has) and nothing else is reachable.
  const args = ['--port', '0', '--data-dir', dataDir, '--root', dataDir, '--test-hooks'];
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so stop() also ends the engine process it started.
    detached: true,
  });
  let output = '';
  child.stdout!.setEncoding('utf-8');
  child.stderr!.setEncoding('utf-8');
  child.stderr!.on('data', (s: string) => (output += s));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no URL line within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    function fail(why: string): void {
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      reject(new Error(`The browser host did not start (${why}). Its output:\n${output}`));
    }
    child.stdout!.on('data', (s: string) => {
      output += s;
      const m = URL_LINE.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code, signal) => fail(`it exited with ${signal ?? code}`));
    child.once('error', (err) => fail(err.message));
  });
  child.removeAllListeners('exit');

  return {
    url,
    dataDir,
    log: () => output,
    enginePids: () => [...output.matchAll(ENGINE_LINE)].map((m) => Number(m[1])),
    stop: () => stopChild(child),
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL');
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // An engine that ignored SIGTERM must not outlive the test run.
  killGroup(child, 'SIGKILL');
}
