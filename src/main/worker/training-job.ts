// Steering of the one running training: pause/resume/stop/cancel flags read by the engine between
// steps. The gate yields to the event loop at every step (setImmediate), which is what lets the
// worker serve inference, pause, stop and cancel messages while it trains.

import { ContractError, type TrainState } from '../../shared/contract.js';

export class TrainingJob {
  state: TrainState = 'running';
  stopRequested = false;
  cancelled = false;
  private waiters: (() => void)[] = [];

  constructor(
    readonly jobId: string,
    private readonly onState: (state: TrainState) => void,
  ) {}

  gate = (): Promise<void> => {
    if (this.state === 'paused') return new Promise((resolve) => this.waiters.push(resolve));
    return new Promise((resolve) => setImmediate(resolve));
  };

  shouldStop = (): boolean => this.stopRequested;
  isCancelled = (): boolean => this.cancelled;

  pause(): void {
    if (this.state !== 'running') throw notRunning(this.state, 'pause');
    this.setState('paused');
  }

  resume(): void {
    if (this.state !== 'paused') throw notRunning(this.state, 'resume');
    this.setState('running');
    this.release();
  }

  stop(): void {
    if (this.state === 'stopping') return;
    this.stopRequested = true;
    this.setState('stopping');
    this.release();
  }

  cancel(): void {
    this.cancelled = true;
    if (this.state !== 'stopping') this.setState('stopping');
    this.release();
  }

  private setState(state: TrainState): void {
    this.state = state;
    this.onState(state);
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

function notRunning(state: TrainState, action: string): ContractError {
  return new ContractError(
    'NOT_TRAINING',
    `Cannot ${action}: training is ${state === 'stopping' ? 'stopping' : state}.`,
  );
}
