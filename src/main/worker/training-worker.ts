// Entry of the one worker thread that owns tfjs, the current dataset and the current model; all
// heavy work (dataset loading, training, encoding, inference, metrics, UMAP, exports) runs here so
// the main process's event loop stays free.
//
// Why worker_threads and not a child process: Electron's RunAsNode fuse is off in the packaged app,
// so child_process.fork of the Electron binary is not available; typed arrays move between threads
// as transferables (zero copy); and there is exactly one tfjs instance, in this thread.
// electron-vite builds this file to out/main/training-worker.js (entry name fixed in
// electron.vite.config.ts).

import { parentPort } from 'node:worker_threads';
import { engine } from '../engine/index.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';
import { WorkerRuntime } from './runtime.js';

const port = parentPort;
if (!port) throw new Error('training-worker must run inside a worker thread.');

const runtime = new WorkerRuntime(engine, (message: WorkerMessage, transfer?: ArrayBuffer[]) =>
  port.postMessage(message, transfer ?? []),
);
port.on('message', (req: WorkerRequest) => void runtime.handle(req));
