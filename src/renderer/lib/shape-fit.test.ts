import { describe, expect, it } from 'vitest';
import { describeShape, shapeMismatch } from './shape-fit';

const mnist = { height: 28, width: 28, channels: 1 as const };
const rgbFolder = { height: 32, width: 32, channels: 3 as const };

describe('shapeMismatch', () => {
  it('is null when the model was trained on images of the dataset shape, or when either is missing', () => {
    expect(shapeMismatch(mnist, { ...mnist })).toBeNull();
    expect(shapeMismatch(null, mnist)).toBeNull();
    expect(shapeMismatch(mnist, null)).toBeNull();
  });

  it('names both shapes when size or channels differ', () => {
    expect(shapeMismatch(mnist, rgbFolder)).toEqual({ model: '28×28 grayscale', dataset: '32×32 RGB' });
    // Channels alone: a 28×28 RGB folder does not fit an MNIST model either.
    expect(shapeMismatch(mnist, { ...mnist, channels: 3 })).toEqual({
      model: '28×28 grayscale',
      dataset: '28×28 RGB',
    });
    // Width and height are not interchangeable.
    expect(shapeMismatch({ height: 16, width: 32, channels: 1 }, { height: 32, width: 16, channels: 1 })).toEqual({
      model: '32×16 grayscale',
      dataset: '16×32 grayscale',
    });
  });

  it('describes a shape as width×height and colour', () => {
    expect(describeShape(rgbFolder)).toBe('32×32 RGB');
  });
});
