// The record of the current or last training run of a session, answered by train.snapshot: a page
// that opens during (or after) a run rebuilds the Train tab from it instead of from nothing.
import type {
  EpochMetrics,
  TrainConfig,
  TrainEpoch,
  TrainSnapshot,
  TrainState,
  TrainStep,
} from '../../shared/contract.js';

/** Columns that grow by doubling: a long run appends a step in O(1) amortised. */
class Column {
  private data = new Float64Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** A copy: the snapshot crosses a thread boundary and may be transferred. */
  copy(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class TrainRecord {
  private readonly globalStep = new Column();
  private readonly loss = new Column();
  private readonly recon = new Column();
  private readonly kl = new Column();
  private lastStep: TrainStep | null = null;
  private history: EpochMetrics[] = [];
  private lastEpoch: TrainEpoch | null = null;
  private result: TrainSnapshot['result'] = null;

  constructor(
    readonly jobId: string,
    readonly config: TrainConfig,
  ) {}

  step(s: TrainStep): void {
    this.globalStep.push(s.globalStep);
    this.loss.push(s.loss);
    this.recon.push(s.recon);
    this.kl.push(s.kl);
    this.lastStep = s;
  }

  /** Keeps its own copies of the images: the event's buffers are transferred away. */
  epoch(e: TrainEpoch): void {
    this.history = [...this.history, e.metrics];
    const copy = <T extends { data: Uint8Array }>(b: T): T => ({ ...b, data: b.data.slice() });
    this.lastEpoch = {
      ...e,
      reconstructions: {
        original: copy(e.reconstructions.original),
        reconstruction: copy(e.reconstructions.reconstruction),
      },
      samples: copy(e.samples),
    };
  }

  end(result: NonNullable<TrainSnapshot['result']>, history?: EpochMetrics[]): void {
    this.result = result;
    if (history) this.history = history;
  }

  snapshot(state: TrainState): TrainSnapshot {
    const image = <T extends { data: Uint8Array }>(b: T): T => ({ ...b, data: b.data.slice() });
    const e = this.lastEpoch;
    return {
      state,
      jobId: this.jobId,
      config: this.config,
      epochs: this.config.epochs,
      steps: {
        globalStep: this.globalStep.copy(),
        loss: this.loss.copy(),
        recon: this.recon.copy(),
        kl: this.kl.copy(),
      },
      lastStep: this.lastStep,
      history: this.history,
      lastEpoch: e && {
        ...e,
        reconstructions: {
          original: image(e.reconstructions.original),
          reconstruction: image(e.reconstructions.reconstruction),
        },
        samples: image(e.samples),
      },
      result: this.result,
    };
  }
}

/** A snapshot before any run of this process. */
export function emptySnapshot(state: TrainState): TrainSnapshot {
  const none = new Float64Array(0);
  return {
    state,
    jobId: null,
    config: null,
    epochs: 0,
    steps: { globalStep: none, loss: none, recon: none, kl: none },
    lastStep: null,
    history: [],
    lastEpoch: null,
    result: null,
  };
}
