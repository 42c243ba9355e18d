// Test fixture (parallel-train.test.ts): trains with 2 threads inside a worker thread, as the
// service's engine does, and posts its live helper threads after each step, so a test can kill the training thread
// itself mid-run and check that its helper threads die with it.
import { parentPort } from 'node:worker_threads';
import { DEFAULT_TRAIN_CONFIG } from '../../../shared/contract.js';
import { selectBackend } from '../backend.js';
import { createVae } from '../index.js';
import { mnist } from '../test-data.js';
import { train } from '../train.js';
import { liveReplicaThreads } from './replica-pool.js';

await selectBackend('wasm');
const config = { ...DEFAULT_TRAIN_CONFIG, hidden: [64], latent: 4, epochs: 50, threads: 2 };
const model = createVae(config, { height: 28, width: 28, channels: 1 });
await train(model, mnist('train', 1000), null, { onStep: () => parentPort?.postMessage(liveReplicaThreads().length) });
