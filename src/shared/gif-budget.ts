// The one limit on how big a GIF export may be: the frames it holds × its side × its side. The output
// and the work grow with this product, so one call cannot ask for gigabytes (1000 frames of 2048² is
// 4.2 G pixels). Used by the argument check, the encoder and the UI's field hints.
// Constraint: imports nothing at run time from Electron, Node or the DOM (like contract.ts).
import { ContractError } from './contract.js';

/** 2^25 ≈ 33.5 million pixels: e.g. 512 frames at 256 px, or 60 frames (118 ping-pong) at 512 px. */
export const GIF_PIXEL_BUDGET = 2 ** 25;

/** Frames in the file: ping-pong adds the way back without repeating the two ends. */
export function gifFrameCount(frames: number, pingpong: boolean): number {
  return pingpong && frames >= 3 ? 2 * frames - 2 : frames;
}

/** The largest side that fits the budget for this many frames (0 when none does). */
export function gifMaxSize(frames: number, pingpong: boolean): number {
  return Math.floor(Math.sqrt(GIF_PIXEL_BUDGET / gifFrameCount(frames, pingpong)));
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The sentence that states the limit, for messages and field hints. */
export const GIF_BUDGET_TEXT = `frames × size × size of at most ${fmt(GIF_PIXEL_BUDGET)} pixels (ping-pong counts the way back)`;

/** Throws BAD_ARGUMENT, with the numbers, when a GIF of these options is over the budget. */
export function checkGifBudget(frames: number, size: number, pingpong: boolean): void {
  const count = gifFrameCount(frames, pingpong);
  const pixels = count * size * size;
  if (pixels <= GIF_PIXEL_BUDGET) return;
  throw new ContractError(
    'BAD_ARGUMENT',
    `A GIF of ${frames} frames${count !== frames ? ` (${count} with ping-pong)` : ''} at ${size} × ${size} px ` +
      `is ${fmt(pixels)} pixels; a GIF may have ${GIF_BUDGET_TEXT}. ` +
      `Use fewer frames or a smaller size (at ${frames} frames, at most ${gifMaxSize(frames, pingpong)} px).`,
  );
}
