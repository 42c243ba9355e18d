import { describe, expect, it } from 'vitest';
import { Newest } from './newest';

describe('Newest', () => {
  it('lets only the latest request show its answer, whatever order answers arrive in', async () => {
    const seq = new Newest();
    const shown: string[] = [];
    const request = async (name: string, ms: number): Promise<void> => {
      const isNewest = seq.take();
      await new Promise((r) => setTimeout(r, ms));
      if (isNewest()) shown.push(name);
    };
    // The older model's answer is slow and lands last: it must not overwrite the newer one.
    await Promise.all([request('old model', 30), request('new model', 5)]);
    expect(shown).toEqual(['new model']);
  });

  it('keeps sequences apart', () => {
    const a = new Newest();
    const b = new Newest();
    const first = a.take();
    b.take();
    expect(first()).toBe(true);
    a.take();
    expect(first()).toBe(false);
  });
});
