// `npm start` (bin/start.mjs → out/main/start.js): the desktop app where an Electron binary and a
// display exist; otherwise one line saying why, then the browser host, whose URL (with its token) it
// prints and opens in the default browser when there is one. Exit status: the app's or the host's
// (0 after Ctrl-C); 1 only when something really failed. Never a stack trace.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { chooseHost } from './choose-host.js';
import { findElectronBinary } from './electron-binary.js';
import { openBrowser } from './open-browser.js';

const PREFIX = 'latent-explorer';
const URL_LINE = /Latent Explorer at (http:\/\/\S+)/;

/** Runs the chosen host until it ends; resolves to the exit status. `argv` goes to `serve`. */
export async function start(argv: readonly string[]): Promise<number> {
  const root = packageRoot();
  if (!existsSync(join(root, 'out', 'main', 'index.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    process.stderr.write(`${PREFIX}: the app is not built: run \`npm run build\` in ${root}, then \`npm start\`.\n`);
    return 1;
  }
  const choice = chooseHost(findElectronBinary(), process.platform, process.env);
  // Detached (own process group): a Ctrl-C reaches the child once, forwarded from here, not twice.
  if (choice.kind === 'electron')
    return run(spawn(choice.binary, [root, ...argv], { stdio: 'inherit', detached: true }), null);
  process.stderr.write(`${PREFIX}: ${choice.why}: starting the browser host instead.\n`);
  const host = spawn(process.execPath, [join(root, 'bin', 'latent-explorer.mjs'), 'serve', ...argv], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  return run(host, (url) => openBrowser(url));
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Waits for the child, passing its stdout through and forwarding the signals that stop it. */
function run(child: ChildProcess, onUrl: ((url: string) => void) | null): Promise<number> {
  // The child stops itself cleanly on these; this process waits for it to finish.
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const s of FORWARDED) process.on(s, forward);
  let seen = '';
  let opened = false;
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (s: string) => {
    process.stdout.write(s);
    if (opened || !onUrl) return;
    seen += s;
    const m = URL_LINE.exec(seen);
    if (m) {
      opened = true;
      onUrl(m[1]!);
    }
  });
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`${PREFIX}: could not start ${child.spawnfile}: ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      // Ended by Ctrl-C / SIGTERM is how a person stops it: not a failure.
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
    });
  });
}
