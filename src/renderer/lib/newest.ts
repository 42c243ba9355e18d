// Drops answers that arrive after a newer request of the same kind was made: each view's async
// results are shown only if nothing newer (another model, another seed, another image) was asked
// for since. Usage: `const isNewest = samples.take(); const r = await call(); if (isNewest()) show(r);`.

export class Newest {
  private last = 0;

  /** Starts a request; the returned function tells whether it is still the newest one. */
  take(): () => boolean {
    const mine = ++this.last;
    return () => this.last === mine;
  }
}
