import { describe, expect, it } from 'vitest';
import { searchPoints, type SearchSource } from './scatter-search';

const src: SearchSource = {
  count: 6,
  labels: Int32Array.from([0, 1, 0, 2, -1, 1]),
  labelNames: ['cat', 'Dog', 'bird'],
  fileNames: ['cat/c1.png', 'Dog/d1.jpg', 'cat/c2.png', 'bird/b1.png', 'x.png', 'Dog/d2.jpg'],
};

describe('searchPoints', () => {
  it('takes an index or several', () => {
    expect(searchPoints(' 3 ', src)).toEqual({ ok: true, indices: [3], what: 'point 3' });
    expect(searchPoints('5, 0,5', src)).toMatchObject({ ok: true, indices: [5, 0] });
    expect(searchPoints('6', src)).toEqual({ ok: false, message: 'There is no point 6: indices run from 0 to 5.' });
  });

  it('takes label:NAME, case-insensitively, and lists the labels when the name is unknown', () => {
    expect(searchPoints('label:dog', src)).toMatchObject({ ok: true, indices: [1, 5], what: 'label Dog' });
    expect(searchPoints('label: fish', src)).toEqual({
      ok: false,
      message: 'No label “fish”. Labels here: cat, Dog, bird.',
    });
  });

  it('takes a file name fragment, and says so when the dataset has no file names', () => {
    expect(searchPoints('C2', src)).toMatchObject({ ok: true, indices: [2] });
    expect(searchPoints('.jpg', src)).toMatchObject({ ok: true, indices: [1, 5] });
    expect(searchPoints('zebra', src)).toEqual({ ok: false, message: 'No file name contains “zebra”.' });
    expect(searchPoints('c2', { ...src, fileNames: null })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no file names/),
    });
    expect(searchPoints('  ', src).ok).toBe(false);
  });
});
