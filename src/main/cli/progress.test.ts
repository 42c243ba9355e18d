import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function recorder(isTTY: boolean) {
  let out = '';
  let t = 0;
  const p = createProgress({ isTTY, write: (s) => (out += s), now: () => t, intervalMs: 1000 });
  return { p, out: () => out, advance: (ms: number) => (t += ms) };
}

describe('progress', () => {
  it('redraws one line in place on a TTY and ends it when the phase completes', () => {
    const r = recorder(true);
    r.p.update('epoch 1/2', 1, 4);
    r.p.update('epoch 1/2', 2, 4); // throttled: same instant
    r.advance(1000);
    r.p.update('epoch 1/2', 3, 4, 'loss 12.5');
    r.p.update('epoch 1/2', 4, 4); // completion always draws
    r.p.update('epoch 1/2', 4, 4); // and only once
    const out = r.out();
    expect(out.split('\r')).toHaveLength(4);
    expect(out).toContain('3/4  loss 12.5');
    expect(out).toContain('[########################] 100% 4/4');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.match(/\n/g)).toHaveLength(1);
  });

  it('prints plain periodic lines without a TTY', () => {
    const r = recorder(false);
    for (let i = 1; i <= 10; i++) {
      r.p.update('loading', i, 10);
      r.advance(300);
    }
    r.p.update('epoch 1/1', 1, 3);
    r.p.end();
    const lines = r.out().trimEnd().split('\n');
    expect(r.out()).not.toContain('\r');
    // t=0, t=1200 (first ≥ 1000 ms later), t=2400, and the completing 10/10.
    expect(lines).toEqual([
      'loading: 1/10 (10%)',
      'loading: 5/10 (50%)',
      'loading: 9/10 (90%)',
      'loading: 10/10 (100%)',
      'epoch 1/1: 1/3 (33%)',
    ]);
  });

  it('starts a new line when the phase changes mid-line', () => {
    const r = recorder(true);
    r.p.update('loading', 1, 10);
    r.p.update('epoch 1/1', 1, 10);
    expect(r.out()).toContain('1/10\n\r\u001b[2Kepoch 1/1');
  });
});
