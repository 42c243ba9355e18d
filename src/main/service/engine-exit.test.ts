// The words for an engine's end, and the one message a person sees after a crash and restart.
import { describe, expect, it } from 'vitest';
import { describeExit } from './engine-exit.js';
import { crashMessage } from './latent-service.js';

describe('describeExit', () => {
  it('names the cause: kill -9, native abort, memory limit, a plain exit, an Electron reason', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL', outOfMemory: false }, null)).toMatch(
      /^it was killed \(SIGKILL\)/,
    );
    expect(describeExit({ code: null, signal: 'SIGABRT', outOfMemory: false }, null)).toMatch(/^it aborted \(a native/);
    expect(describeExit({ code: null, signal: 'SIGABRT', outOfMemory: true }, 512)).toMatch(
      /^it ran out of memory \(its limit of 512 MB; set LATENT_EXPLORER_ENGINE_MEMORY_MB/,
    );
    expect(describeExit({ code: 134, signal: null, outOfMemory: false, detail: 'oom' }, null)).toMatch(
      /^it ran out of memory \(Node's default limit;/,
    );
    expect(describeExit({ code: 3, signal: null, outOfMemory: false }, null)).toBe('it exited with code 3');
    expect(describeExit({ code: 9, signal: null, outOfMemory: false, detail: 'killed' }, null)).toMatch(/SIGKILL/);
  });
});

describe('crashMessage', () => {
  const reason = 'it was killed (SIGKILL)';
  const mnist = { source: { kind: 'builtin', name: 'mnist' } } as const;

  it('says the last checkpoint and its epoch are kept when they came back', () => {
    const before = { dataset: mnist, modelDir: '/d/checkpoints/current', modelId: null, epochs: 3 };
    expect(crashMessage(reason, before, { dataset: true, model: true })).toBe(
      'The engine stopped unexpectedly: it was killed (SIGKILL); it was restarted and the dataset reloaded; ' +
        'the last checkpoint from epoch 3 is kept and open.',
    );
  });

  it('is truthful when nothing was checkpointed yet, or a part could not come back', () => {
    expect(
      crashMessage(
        reason,
        { dataset: mnist, modelDir: null, modelId: null, epochs: 0 },
        { dataset: true, model: false },
      ),
    ).toMatch(/and the dataset reloaded; no checkpoint had been written yet\.$/);
    expect(
      crashMessage(
        reason,
        { dataset: mnist, modelDir: '/d/c', modelId: null, epochs: 2 },
        { dataset: false, model: false },
      ),
    ).toMatch(/restarted, but the dataset could not be reloaded; the last checkpoint could not be reopened/);
  });
});
