// The targets of issue 6, each as {value, target, met}; met is null when the value was not measured.

export interface Target {
  value: number | null;
  target: string;
  met: boolean | null;
}

function target(value: number | null | undefined, op: '>=' | '<', bound: number, unit = ''): Target {
  const v = value ?? null;
  const met = v === null || !Number.isFinite(v) ? null : op === '>=' ? v >= bound : v < bound;
  return { value: v, target: `${op === '>=' ? '≥' : '<'} ${bound}${unit}`, met };
}

export interface TargetInputs {
  trainRatio: number | null;
  elboDiff: number | null;
  frameP95: number | null;
  walkP95: number | null;
  encodeMs: number | null;
  folderRatio: number | null;
  scatterFps: number | null;
  /** Orbit fps with 1,000,000 synthetic points (issue 12: still usable). */
  scatterFps1m?: number | null;
  loopP99: number | null;
}

export function targets(i: TargetInputs): Record<string, Target> {
  return {
    'train.ratio': target(i.trainRatio, '>=', 3),
    // ours − reference (both negative ELBOs): at most 1 nat worse.
    'quality.elbo_diff_nats': target(i.elboDiff, '>=', -1, ' nats'),
    'decode.frame_p95_ms': target(i.frameP95, '<', 5, ' ms'),
    'decode.walk_p95_ms': target(i.walkP95, '<', 50, ' ms'),
    'encode.all_10k_ms': target(i.encodeMs, '<', 2000, ' ms'),
    'folder.ratio': target(i.folderRatio, '>=', 0.8),
    'scatter.fps': target(i.scatterFps, '>=', 30, ' fps'),
    'scatter.fps_1m': target(i.scatterFps1m, '>=', 10, ' fps'),
    'event_loop.p99_ms': target(i.loopP99, '<', 50, ' ms'),
  };
}
