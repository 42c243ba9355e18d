import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

/** A run function whose calls resolve when the test says so. */
function controlled() {
  const calls: { arg: number; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const run = (arg: number) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ arg, resolve, reject });
    });
  return { calls, run };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('coalesce', () => {
  it('keeps one request in flight and sends only the latest of those waiting', async () => {
    const { calls, run } = controlled();
    const results: string[] = [];
    const c = coalesce(run, (r) => results.push(r));
    c.request(0.1);
    c.request(0.2);
    c.request(0.3);
    c.request(0.4);
    expect(calls.map((x) => x.arg)).toEqual([0.1]);
    expect(c.busy).toBe(true);
    calls[0]!.resolve('a');
    await flush();
    expect(calls.map((x) => x.arg)).toEqual([0.1, 0.4]);
    calls[1]!.resolve('b');
    await flush();
    expect(results).toEqual(['a', 'b']);
    expect(c.busy).toBe(false);
  });

  it('goes on after a failure and reports it', async () => {
    const { calls, run } = controlled();
    const errors: unknown[] = [];
    const results: string[] = [];
    const c = coalesce(
      run,
      (r) => results.push(r),
      (e) => errors.push(e),
    );
    c.request(1);
    c.request(2);
    calls[0]!.reject(new Error('boom'));
    await flush();
    expect(errors).toHaveLength(1);
    expect(calls.map((x) => x.arg)).toEqual([1, 2]);
    calls[1]!.resolve('ok');
    await flush();
    expect(results).toEqual(['ok']);
  });

  it('drops the waiting request and the in-flight result on cancel', async () => {
    const { calls, run } = controlled();
    const results: string[] = [];
    const c = coalesce(run, (r) => results.push(r));
    c.request(1);
    c.request(2);
    c.cancel();
    calls[0]!.resolve('stale');
    await flush();
    expect(results).toEqual([]);
    expect(calls).toHaveLength(1);
    c.request(3);
    calls[1]!.resolve('fresh');
    await flush();
    expect(results).toEqual(['fresh']);
  });
});
