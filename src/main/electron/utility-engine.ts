// The engine as an Electron utilityProcess (the app's SpawnEngine): its own OS process, watched by
// Electron, which reports why it ended (killed, crashed, oom) through app's child-process-gone.
// Messages are structured clones, so typed arrays cross as typed arrays. Its stderr is passed
// through and watched for V8's out-of-memory line (then the exit is a plain abort).
import { app, utilityProcess } from 'electron';
import { HEAP_OOM_PATTERN, type EngineExit, type SpawnEngine } from '../service/engine-transport.js';
import type { WorkerMessage } from '../worker/protocol.js';

const SERVICE_NAME = 'Latent Explorer engine';
/** How long a process asked to end gets before it is killed; and how long an exit waits for its reason. */
const KILL_GRACE_MS = 3_000;
const REASON_WAIT_MS = 100;
const STDERR_TAIL = 8_192;

export function utilityEngine(entry: string): SpawnEngine {
  return (options, handlers) => {
    const execArgv = options.memoryLimitMb !== null ? [`--max-old-space-size=${options.memoryLimitMb}`] : [];
    const child = utilityProcess.fork(entry, [], {
      serviceName: SERVICE_NAME,
      execArgv,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer | string) => {
      const s = chunk.toString();
      process.stderr.write(s);
      tail = (tail + s).slice(-STDERR_TAIL);
    });
    // Electron's word for the end ('killed', 'crashed', 'oom', …) arrives on the app, not the child.
    let reason: string | undefined;
    let pid: number | undefined;
    child.on('spawn', () => (pid = child.pid));
    const onGone = (_e: unknown, details: Electron.Details): void => {
      if (details.type === 'Utility' && details.serviceName === SERVICE_NAME) reason = details.reason;
    };
    app.on('child-process-gone', onGone);
    child.on('message', (m: WorkerMessage) => handlers.message(m));

    let ended = false;
    let resolveExited!: () => void;
    const exited = new Promise<void>((r) => (resolveExited = r));
    child.on('exit', (code) => {
      setTimeout(() => {
        app.off('child-process-gone', onGone);
        ended = true;
        const exit: EngineExit = {
          code,
          signal: reason === 'killed' ? 'SIGKILL' : null,
          outOfMemory: reason === 'oom' || HEAP_OOM_PATTERN.test(tail),
          ...(reason !== undefined ? { detail: reason } : {}),
        };
        handlers.exit(exit);
        resolveExited();
      }, REASON_WAIT_MS);
    });
    return {
      get pid() {
        return pid ?? child.pid ?? null;
      },
      post(message) {
        if (!ended) child.postMessage(message);
      },
      kill() {
        if (!ended) {
          child.kill();
          setTimeout(() => {
            if (!ended && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
          }, KILL_GRACE_MS).unref();
        }
        return exited;
      },
    };
  };
}
