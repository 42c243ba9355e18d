// Where the interpolation's Play animation is at a moment: a ping-pong over a precomputed path of
// `frames` images. The slider's t is the shown frame's own t, so the readout always names the image.

export interface PlayPosition {
  /** 0..1, the t of the frame shown (frame / (frames − 1)), rounded to the slider's 0.01 step. */
  t: number;
  /** Index of the frame in the precomputed path. */
  frame: number;
}

/** Position after `elapsedMs` of a ping-pong taking `periodMs` for A → B → A, starting at `startT`. */
export function playPosition(elapsedMs: number, periodMs: number, frames: number, startT = 0): PlayPosition {
  if (frames < 2) return { t: 0, frame: 0 };
  // Start where the slider stands, on the way towards B.
  const offset = (Math.min(1, Math.max(0, startT)) / 2) * periodMs;
  const phase = ((((elapsedMs + offset) % periodMs) + periodMs) % periodMs) / periodMs;
  const tt = phase < 0.5 ? phase * 2 : 2 - phase * 2;
  const frame = Math.round(tt * (frames - 1));
  return { t: Math.round((frame / (frames - 1)) * 100) / 100, frame };
}
