import { describe, expect, it } from 'vitest';
import { parseFigureImages } from './figure-images';

describe('parseFigureImages', () => {
  it('reads indices separated by commas or spaces', () => {
    expect(parseFigureImages('3, 7 12', 100)).toEqual([3, 7, 12]);
  });
  it('says what is wrong: empty, too many, not an index, outside the dataset', () => {
    expect(parseFigureImages(' ', 100)).toMatch(/at least one/);
    expect(parseFigureImages('1 2 3 4 5 6 7 8 9', 100)).toMatch(/At most 8/);
    expect(parseFigureImages('3, x', 100)).toMatch(/"x" is not an image/);
    expect(parseFigureImages('100', 100)).toMatch(/0\.\.99/);
  });
});
