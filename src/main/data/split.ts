// Seeded, reproducible train/test splits (the same seed always holds out the same images).

/** mulberry32: small and seeded; the same generator the MNIST resource script uses. */
export function mulberry32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Splits 0..n-1 into train and test, each kept in ascending order. The test set has
 * round(n * testFraction) items, but never all of them (at least one image stays for training).
 */
export function seededSplit(n: number, testFraction: number, seed: number): { train: number[]; test: number[] } {
  const testCount = Math.min(Math.max(0, Math.round(n * testFraction)), Math.max(0, n - 1));
  const order = Array.from({ length: n }, (_, i) => i);
  const rand = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const isTest = new Uint8Array(n);
  for (let k = 0; k < testCount; k++) isTest[order[k]!] = 1;
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (isTest[i] ? test : train).push(i);
  return { train, test };
}
