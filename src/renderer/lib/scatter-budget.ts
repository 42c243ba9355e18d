// The scatter's drawing budget, one constant for the view and the bench that reports it.

/**
 * While the camera moves, clouds larger than this draw only this many points: the first slots of the
 * shuffled draw order, so an even random sample. At rest every point is drawn again. On a software
 * rasteriser each point costs ~0.5 µs, so 1,000,000 points would orbit at ~2 fps.
 */
export const MOVING_POINT_BUDGET = 120_000;
