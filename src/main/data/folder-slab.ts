// Decoded folder pixels held as 8-bit in one slab per colour (file order), never one array per
// image, then compacted and put in split order in place: a 50,000-image 64-px RGB folder costs its
// 614 MB once, not twice (float32 would be 2.4 GB; the engine scales to floats per batch).
import { ContractError } from '../../shared/contract.js';
import { rgbToGreyInto } from './folder-decode.js';

export class Slab {
  readonly data: Uint8Array;
  constructor(
    readonly count: number,
    /** Bytes per image. */
    readonly pixels: number,
  ) {
    try {
      this.data = new Uint8Array(count * pixels);
    } catch {
      const gb = ((count * pixels) / 1e9).toFixed(1);
      throw new ContractError(
        'BAD_ARGUMENT',
        `${count} images need ${gb} GB of memory at this size: choose a smaller size or load fewer images.`,
      );
    }
  }

  put(index: number, pixels: Uint8Array): void {
    this.data.set(pixels, index * this.pixels);
  }

  image(index: number): Uint8Array {
    return this.data.subarray(index * this.pixels, (index + 1) * this.pixels);
  }
}

/**
 * The images at `keep` (increasing slab indices), reordered so position k holds keep[order[k]],
 * as `channels` per pixel (an RGB slab can become grey). Reuses the slab's memory; copies only
 * when the result is smaller than the slab, so the slab's buffer is not kept alive oversized.
 */
export function assemble(slab: Slab, keep: readonly number[], order: readonly number[], toGrey: boolean): Uint8Array {
  const out = toGrey ? slab.pixels / 3 : slab.pixels;
  const data = slab.data;
  // Compaction: destination k ≤ source keep[k], so nothing is overwritten before it is read.
  keep.forEach((from, k) => {
    if (toGrey) rgbToGreyInto(slab.image(from), data, k * out);
    else if (from !== k) data.copyWithin(k * out, from * out, (from + 1) * out);
  });
  permuteInPlace(data, out, order);
  const length = keep.length * out;
  return length === data.length ? data : data.slice(0, length);
}

/** data[k] ← data[order[k]] for images of `size` bytes, following cycles with one image of scratch. */
export function permuteInPlace(data: Uint8Array, size: number, order: readonly number[]): void {
  const done = new Uint8Array(order.length);
  const scratch = new Uint8Array(size);
  for (let start = 0; start < order.length; start++) {
    if (done[start]) continue;
    done[start] = 1;
    if (order[start] === start) continue;
    scratch.set(data.subarray(start * size, (start + 1) * size));
    let k = start;
    for (;;) {
      const from = order[k]!;
      if (from === start) {
        data.set(scratch, k * size);
        break;
      }
      data.copyWithin(k * size, from * size, (from + 1) * size);
      done[from] = 1;
      k = from;
    }
  }
}
