// The service's end of the engine protocol: starts one engine process through the shell's
// SpawnEngine, numbers requests, matches responses, and reports the process's end. Typed per request:
// call('latent.decode', …) resolves to CallResult<'latent.decode'>, control({ type: 'backend' }) to
// a BackendReport. Pending requests are settled by the owner after a death (it words the error once
// it knows whether the restart worked).

import { ContractError, type CallArg, type CallName, type CallResult } from '../../shared/contract.js';
import {
  deserialiseError,
  isResponse,
  typedResult,
  type ControlBody,
  type ControlResult,
  type ControlType,
  type WorkerMessage,
} from '../worker/protocol.js';
import type { EngineExit, EngineProcess, EngineSpawnOptions, SpawnEngine } from './engine-transport.js';

export type NonResponse = Exclude<WorkerMessage, { id: number }>;

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export class EngineClient {
  private readonly process: EngineProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended = false;
  private closing = false;

  constructor(
    spawn: SpawnEngine,
    options: EngineSpawnOptions,
    private readonly onMessage: (m: NonResponse) => void,
    /** An end the owner did not ask for (close() does not call it). */
    private readonly onDeath: (exit: EngineExit) => void,
  ) {
    this.process = spawn(options, { message: (m) => this.receive(m), exit: (e) => this.exited(e) });
  }

  get alive(): boolean {
    return !this.ended;
  }

  get pid(): number | null {
    return this.process.pid;
  }

  /**
   * A contract call, answered by the engine's handler table (complete for every EngineCallName; a
   * host call sent here is refused at run time). Arguments are copied (structured clone).
   */
  call<K extends CallName>(name: K, arg: CallArg<K>): Promise<CallResult<K>> {
    const request = { type: 'call' as const, name, arg };
    return this.send(request).then((r) => typedResult<CallResult<K>>(r));
  }

  control<T extends ControlType>(body: ControlBody<T>): Promise<ControlResult<T>> {
    return this.send(body).then((r) => typedResult<ControlResult<T>>(r));
  }

  /** Settles every request still waiting (after a death, or on close). */
  rejectAll(error: ContractError): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.rejectAll(new ContractError('CANCELLED', 'The service was closed.'));
    await this.process.kill();
  }

  /** Ends the process as if it had died (the owner's onDeath runs). */
  kill(): Promise<void> {
    return this.process.kill();
  }

  private send(body: { readonly type: 'call' | ControlType }): Promise<unknown> {
    if (this.ended) return Promise.reject(new ContractError('WORKER_CRASHED', 'The engine is not running. Try again.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.process.post({ ...body, id });
    });
  }

  private receive(m: WorkerMessage): void {
    if (isResponse(m)) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(deserialiseError(m.error));
      return;
    }
    this.onMessage(m);
  }

  private exited(exit: EngineExit): void {
    if (this.ended) return;
    this.ended = true;
    if (this.closing) return;
    this.onDeath(exit);
  }
}
