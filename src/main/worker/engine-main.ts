// Entry of the engine process: the one OS process that owns tfjs, the current dataset and the
// current model; all heavy work (dataset loading, training, encoding, inference, metrics, UMAP,
// exports) runs here. It is its own process so that a native abort, an out-of-memory kill or a
// kill -9 ends only the engine: the service (main process / browser host) restarts it.
// Started as an Electron utilityProcess (messages on process.parentPort) or with child_process.fork
// (messages on the IPC channel, 'advanced' serialisation). electron-vite builds this file to
// out/main/engine.js (entry name fixed in electron.vite.config.ts).

import { engine } from '../engine/index.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';
import { WorkerRuntime } from './runtime.js';

/** The part of Electron's process.parentPort used here (no electron import outside the shell). */
interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: WorkerRequest }) => void): void;
  postMessage(message: unknown): void;
}

const electronPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;

function connect(): { post: (m: WorkerMessage) => void; listen: (on: (req: WorkerRequest) => void) => void } {
  if (electronPort) {
    return {
      post: (m) => electronPort.postMessage(m),
      listen: (on) => electronPort.on('message', (e) => on(e.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    // The service is gone (closed, or killed with kill -9): an orphaned engine must not linger.
    process.on('disconnect', () => process.exit(0));
    return {
      post: (m) => {
        if (process.connected) send(m);
      },
      listen: (on) => process.on('message', (m) => on(m as WorkerRequest)),
    };
  }
  process.stderr.write('The engine is started by Latent Explorer itself (npm start, or latent-explorer serve).\n');
  process.exit(2);
}

const { post, listen } = connect();
// Typed arrays cross by structured clone in both transports: no transfer list.
const runtime = new WorkerRuntime(engine, (message: WorkerMessage) => post(message));
listen((req) => void runtime.handle(req));
