import { describe, expect, it } from 'vitest';
import { idColours, idToRgb, MAX_PICKABLE, pickNearest, rgbToId } from './pick-id';
import { shuffledOrder } from './draw-order';

const toByte = (v: number) => Math.round(v * 255);

describe('id colours', () => {
  it('round-trips every index of a 70,000-point cloud through 8-bit RGB', () => {
    const colours = idColours(70_000);
    for (let i = 0; i < 70_000; i++) {
      const id = rgbToId(toByte(colours[i * 3]!), toByte(colours[i * 3 + 1]!), toByte(colours[i * 3 + 2]!));
      if (id !== i) throw new Error(`index ${i} decoded as ${id}`);
    }
  });

  it('keeps black for the background and reaches the largest index', () => {
    expect(rgbToId(0, 0, 0)).toBe(-1);
    const [r, g, b] = idToRgb(MAX_PICKABLE - 1).map(toByte) as [number, number, number];
    expect(rgbToId(r, g, b)).toBe(MAX_PICKABLE - 1);
    expect(() => idColours(MAX_PICKABLE + 1)).toThrow(RangeError);
  });
});

describe('id colours in draw order', () => {
  it('gives each drawn slot the id of the data point it shows, so picks name data indices', () => {
    const order = shuffledOrder(70_000);
    const colours = idColours(70_000, order);
    for (const slot of [0, 1, 12_345, 69_999]) {
      const [r, g, b] = [0, 1, 2].map((k) => Math.round(colours[slot * 3 + k]! * 255));
      expect(rgbToId(r!, g!, b!)).toBe(order[slot]);
    }
  });
});

describe('pickNearest', () => {
  function readback(w: number, h: number, hits: [number, number, number][]): Uint8Array {
    const px = new Uint8Array(w * h * 4);
    for (const [x, y, index] of hits) {
      const [r, g, b] = idToRgb(index).map(toByte) as [number, number, number];
      px.set([r, g, b, 255], (y * w + x) * 4);
    }
    return px;
  }

  it('returns the hit nearest the centre', () => {
    expect(
      pickNearest(
        readback(9, 9, [
          [0, 0, 5],
          [5, 4, 70_001],
          [8, 8, 3],
        ]),
        9,
        9,
      ),
    ).toBe(70_001);
  });

  it('returns -1 when only background was drawn', () => {
    expect(pickNearest(readback(9, 9, []), 9, 9)).toBe(-1);
  });
});
