// The engine as a forked Node process (browser host, tests, bench): child_process.fork with the
// 'advanced' serialisation, so typed arrays cross as typed arrays. Its stderr is passed through and
// watched for V8's out-of-memory line, which is the only sign of that death (the exit is SIGABRT).
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HEAP_OOM_PATTERN, type EngineExit, type SpawnEngine } from './engine-transport.js';
import { resolveEngineEntry } from './engine-entry.js';

/** How long a process asked to end (SIGTERM) gets before SIGKILL. */
const KILL_GRACE_MS = 3_000;
/** Enough of stderr's tail to hold V8's fatal-error lines. */
const STDERR_TAIL = 8_192;

/** A .ts entry (sources under vitest or tsx) runs through tsx's loader; built entries run as they are. */
function loaderArgs(entry: string): string[] {
  if (!entry.endsWith('.ts')) return [];
  const require = createRequire(import.meta.url);
  const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'index.mjs');
  return ['--import', pathToFileURL(tsx).href];
}

export function forkEngine(entryOverride?: string): SpawnEngine {
  const entry = resolveEngineEntry(entryOverride);
  return (options, handlers) => {
    const execArgv = [...loaderArgs(entry)];
    if (options.memoryLimitMb !== null) execArgv.push(`--max-old-space-size=${options.memoryLimitMb}`);
    const child = fork(entry, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      process.stderr.write(s);
      tail = (tail + s).slice(-STDERR_TAIL);
    });
    child.on('message', (m) => handlers.message(m as Parameters<typeof handlers.message>[0]));
    let ended = false;
    let resolveExited!: () => void;
    const exited = new Promise<void>((r) => (resolveExited = r));
    const end = (e: EngineExit): void => {
      if (ended) return;
      ended = true;
      handlers.exit(e);
      resolveExited();
    };
    // 'close' (not 'exit'): stderr is drained by then, so an out-of-memory line is never missed.
    child.on('close', (code, signal) => end({ code, signal, outOfMemory: HEAP_OOM_PATTERN.test(tail) }));
    child.on('error', (err) => {
      // Failed to spawn: no 'close' follows.
      if (child.pid === undefined) end({ code: null, signal: null, outOfMemory: false, detail: err.message });
    });
    return {
      pid: child.pid ?? null,
      post(message) {
        if (!child.connected) return;
        child.send(message, (err) => {
          // The channel closed under the message: the exit handler reports the death.
          if (err) tail += `\n(send failed: ${err.message})`;
        });
      },
      kill() {
        if (!ended) {
          child.kill('SIGTERM');
          setTimeout(() => {
            if (!ended) child.kill('SIGKILL');
          }, KILL_GRACE_MS).unref();
        }
        return exited;
      },
    };
  };
}
