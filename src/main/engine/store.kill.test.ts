// Saves are atomic against a crash: a real child process replaces one model over and over and is
// killed with SIGKILL at random moments. While it writes and after every kill, the target holds one
// of the two complete models (read by a real loadModel), and the leftovers of the dead writer are
// removed by cleanLeftovers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { createVae } from './index.js';
import { asVae } from './model.js';
import { cleanLeftovers, loadModel } from './store.js';
import { KILL_CONFIGS, KILL_SHAPE } from './store-kill-writer.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KILLS = 8;
let dir: string;
let expected: Float32Array[][];

beforeAll(async () => {
  await selectBackend('cpu');
  dir = await mkdtemp(path.join(tmpdir(), 'store-kill-'));
  expected = KILL_CONFIGS.map((c) => {
    const m = createVae(c, KILL_SHAPE);
    const values = asVae(m).params.map((p) => p.dataSync().slice() as Float32Array);
    m.dispose();
    return values;
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Loads the target and says which of the two models it is (throws when neither, or not loadable). */
async function whichModel(target: string): Promise<number> {
  const { model, meta } = await loadModel(target);
  try {
    const k = Number(meta.name.slice('model-'.length));
    const params = asVae(model).params.map((p) => p.dataSync());
    expect(params.length).toBe(expected[k]!.length);
    params.forEach((p, i) => expect(Buffer.from(p.buffer).equals(Buffer.from(expected[k]![i]!.buffer))).toBe(true));
    return k;
  } finally {
    model.dispose();
  }
}

function startWriter(target: string): { child: ChildProcess; saves: () => number } {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/run-ts.mjs'), 'src/main/engine/store-kill-writer.ts', target],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let saves = 0;
  child.stdout!.on('data', (b: Buffer) => (saves += (b.toString().match(/saved/g) ?? []).length));
  return { child, saves: () => saves };
}

it(`a model replaced in place survives SIGKILL at ${KILLS} random moments`, async () => {
  const target = path.join(dir, 'model');
  const seen = new Set<number>();
  for (let round = 0; round < KILLS; round++) {
    const { child, saves } = startWriter(target);
    const exited = new Promise((r) => child.once('exit', r));
    const first = saves();
    // At least one full save of this round, then reads while it keeps writing.
    let dead = false;
    void exited.then(() => (dead = true));
    while (saves() < first + 1) {
      if (dead) throw new Error('the writer process ended before saving');
      await new Promise((r) => setTimeout(r, 5));
    }
    const until = Date.now() + 50 + Math.random() * 400;
    while (Date.now() < until) seen.add(await whichModel(target));
    child.kill('SIGKILL');
    await exited;
    seen.add(await whichModel(target));
    const before = await readdir(target);
    await cleanLeftovers(target);
    await cleanLeftovers(dir);
    // After the clean-up: meta.json and exactly the two files it names, no temp folder beside it.
    const after = await readdir(target);
    expect(after.length, `left: ${before.join(', ')}`).toBe(3);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    await whichModel(target);
  }
  expect([...seen].sort()).toEqual([0, 1]);
}, 120_000);
