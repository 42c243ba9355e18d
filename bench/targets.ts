// The targets of issues 6 and 9, each as {value, target, met}; met is null when the value was not measured.

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
  /** MLP, ours wall-clock images/s over whole epochs ÷ the reference's (issue 9: ≥ 4×). */
  mlpWallRatio: number | null;
  /** Conv at 64 px on the RGB icon folder, the same way (issue 9: ≥ 3×). */
  convWallRatio: number | null;
  /** Conv test ELBO, (ours − reference) / |reference| in percent (issue 9: within 1%). */
  convElboPct: number | null;
  /** Peak RSS training 50,000 64-px RGB images from a folder, MiB (issue 9: < 1.5 GB). */
  memoryMib: number | null;
  elboDiff: number | null;
  frameP95: number | null;
  walkP95: number | null;
  encodeMs: number | null;
  folderRatio: number | null;
  scatterFps: number | null;
  loopP99: number | null;
}

export function targets(i: TargetInputs): Record<string, Target> {
  return {
    'train.ratio': target(i.trainRatio, '>=', 3),
    'train.mlp_wall_ratio': target(i.mlpWallRatio, '>=', 4),
    'conv.wall_ratio': target(i.convWallRatio, '>=', 3),
    // Either side may be ahead; within 1% of the reference's test ELBO.
    'conv.elbo_abs_diff_pct': target(i.convElboPct === null ? null : Math.abs(i.convElboPct), '<', 1, ' %'),
    'folder_memory.peak_rss_mib': target(i.memoryMib, '<', 1430, ' MiB (1.5 GB)'),
    // ours − reference (both negative ELBOs): at most 1 nat worse.
    'quality.elbo_diff_nats': target(i.elboDiff, '>=', -1, ' nats'),
    'decode.frame_p95_ms': target(i.frameP95, '<', 5, ' ms'),
    'decode.walk_p95_ms': target(i.walkP95, '<', 50, ' ms'),
    'encode.all_10k_ms': target(i.encodeMs, '<', 2000, ' ms'),
    'folder.ratio': target(i.folderRatio, '>=', 0.8),
    'scatter.fps': target(i.scatterFps, '>=', 30, ' fps'),
    'event_loop.p99_ms': target(i.loopP99, '<', 50, ' ms'),
  };
}
