import { describe, expect, it } from 'vitest';
import { analogy, attribute, codeOf, labelMean, pointOn } from './latent-arithmetic';

// 4 codes in 2-D: two of label 0, two of label 1.
const codes = { data: Float32Array.from([0, 0, 2, 0, 10, 10, 12, 14]), rows: 4, cols: 2 };
const labels = Int32Array.from([0, 0, 1, 1]);

describe('latent arithmetic', () => {
  it('C + (B − A) at strength 1, C at 0, and B when C = A', () => {
    const line = analogy(codes, 0, 2, 1);
    expect([...pointOn(line, 1)]).toEqual([12, 10]);
    expect([...pointOn(line, 0)]).toEqual([2, 0]);
    expect([...pointOn(analogy(codes, 1, 3, 1), 1)]).toEqual([...codeOf(codes, 3)]);
  });

  it('attribute vector: mean(X) − mean(Y) added to an image, scaled by the strength', () => {
    expect([...labelMean(codes, labels, 1)!]).toEqual([11, 12]);
    const line = attribute(codes, labels, 0, 1, 0)!;
    expect([...line.direction]).toEqual([10, 12]);
    expect([...pointOn(line, 0.5)]).toEqual([5, 6]);
    expect(attribute(codes, labels, 0, 7, 0)).toBeNull();
  });

  it('refuses an image index outside the dataset', () => {
    expect(() => codeOf(codes, 4)).toThrow(/images 0\.\.3/);
  });
});
