// Bits per dimension, the number image-model papers report: −ELBO / (D · ln 2), where D is the
// number of values per image (height × width × channels). The one definition the CLI and the UI use.

/** elbo: mean ELBO per image in nats (negative); dims: height × width × channels. */
export function bitsPerDim(elbo: number, dims: number): number {
  return -elbo / (dims * Math.LN2);
}
