// The scatter's thumbnails live in one RGBA atlas (one texture, one draw call): a grid of cells, one
// image each, kept by data index so an image already there is not fetched again when the camera moves a
// little. Pure pixels and bookkeeping; the three.js side uploads `data`.
import type { ImageBatch } from '../../shared/contract';
import { THUMBNAIL_MAX } from './thumbnail-choice';

export class ThumbnailAtlas {
  /** Cells per row and rows: a near-square grid of THUMBNAIL_MAX cells. */
  readonly cols = Math.ceil(Math.sqrt(THUMBNAIL_MAX));
  readonly rows = Math.ceil(THUMBNAIL_MAX / this.cols);
  readonly width: number;
  readonly height: number;
  /** RGBA, `width` × `height`, row 0 at the top of cell row 0. */
  readonly data: Uint8Array;
  private readonly slotOf = new Map<number, number>();

  constructor(
    readonly cellWidth: number,
    readonly cellHeight: number,
  ) {
    this.width = this.cols * cellWidth;
    this.height = this.rows * cellHeight;
    this.data = new Uint8Array(this.width * this.height * 4);
  }

  /** Whether a batch of these images fits this atlas's cells. */
  fits(batch: ImageBatch): boolean {
    return batch.width === this.cellWidth && batch.height === this.cellHeight;
  }

  /** The cell of data index `index`, or undefined when it is not in the atlas. */
  slot(index: number): number | undefined {
    return this.slotOf.get(index);
  }

  /** Of `wanted`, the indices whose images are not in the atlas yet. */
  missing(wanted: readonly number[]): number[] {
    return wanted.filter((i) => !this.slotOf.has(i));
  }

  /**
   * Writes image k of `batch` as data index `indices[k]`, each in a free cell. Cells of indices not in
   * `keep` are freed first; at most THUMBNAIL_MAX images are kept, so `keep` plus the new ones must fit.
   */
  add(indices: readonly number[], batch: ImageBatch, keep: ReadonlySet<number>): void {
    if (!this.fits(batch) || indices.length !== batch.n) throw new RangeError('thumbnail batch does not fit the atlas');
    for (const [index] of this.slotOf) if (!keep.has(index)) this.slotOf.delete(index);
    const used = new Set(this.slotOf.values());
    let next = 0;
    indices.forEach((index, k) => {
      if (this.slotOf.has(index)) return;
      while (used.has(next)) next++;
      if (next >= this.cols * this.rows) throw new RangeError(`more than ${THUMBNAIL_MAX} thumbnails`);
      used.add(next);
      this.slotOf.set(index, next);
      this.write(next, batch, k);
    });
  }

  private write(slot: number, batch: ImageBatch, k: number): void {
    const [w, h, channels] = [this.cellWidth, this.cellHeight, batch.channels];
    const x0 = (slot % this.cols) * w;
    const y0 = Math.floor(slot / this.cols) * h;
    const src = batch.data;
    const base = k * w * h * channels;
    for (let y = 0; y < h; y++) {
      let o = ((y0 + y) * this.width + x0) * 4;
      let s = base + y * w * channels;
      for (let x = 0; x < w; x++, o += 4, s += channels) {
        const r = src[s]!;
        this.data[o] = r;
        this.data[o + 1] = channels === 3 ? src[s + 1]! : r;
        this.data[o + 2] = channels === 3 ? src[s + 2]! : r;
        this.data[o + 3] = 255;
      }
    }
  }
}
