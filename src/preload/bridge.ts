// Builds window.latent from an IPC transport. Pure (no Electron import) so it is tested with an
// injected transport; index.ts passes ipcRenderer's invoke/on. The object exposes exactly the
// contract: calls and events outside CALL_NAMES / EVENT_NAMES are refused here, before any IPC,
// and the main side checks again (it never trusts the renderer).
import {
  CALL_NAMES,
  EVENT_NAMES,
  MENU_ACTIONS,
  toContractError,
  type CallArg,
  type CallName,
  type CallResult,
  type ContractEvents,
  type ElectronBridge,
  type EventName,
  type MenuAction,
  type Unsubscribe,
} from '../shared/contract.js';
import { CHANNELS } from '../main/electron/channels.js';

export interface IpcTransport {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Subscribes to a main → renderer channel; the listener gets the message's arguments. */
  on(channel: string, listener: (...args: unknown[]) => void): void;
}

// Errors must cross contextBridge as plain Errors (classes do not survive it); the message keeps
// the code as "[CODE] message", which the renderer's toContractError parses.
function rethrow(err: unknown): never {
  const e = toContractError(err);
  throw new Error(`[${e.code}] ${e.message}`);
}

function badArgument(message: string): Error {
  return new Error(`[BAD_ARGUMENT] ${message}`);
}

/** A set of listeners whose failures are reported, not allowed to stop the other listeners. */
class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): Unsubscribe {
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry = (value: T): void => listener(value);
    this.set.add(entry);
    return () => {
      this.set.delete(entry);
    };
  }
  emit(value: T): void {
    for (const l of [...this.set]) {
      try {
        l(value);
      } catch (err) {
        console.error('latent: a listener threw', err);
      }
    }
  }
  get size(): number {
    return this.set.size;
  }
}

export function buildBridge(transport: IpcTransport): ElectronBridge {
  const eventListeners = new Map<EventName, Listeners<unknown>>(EVENT_NAMES.map((n) => [n, new Listeners<unknown>()]));
  const menuListeners = new Listeners<MenuAction>();

  transport.on(CHANNELS.event, (name, payload) => {
    eventListeners.get(name as EventName)?.emit(payload);
  });
  transport.on(CHANNELS.menu, (action) => {
    if ((MENU_ACTIONS as readonly unknown[]).includes(action)) menuListeners.emit(action as MenuAction);
  });

  const call = <K extends CallName>(name: K, arg: CallArg<K>): Promise<CallResult<K>> => {
    if (!(CALL_NAMES as readonly unknown[]).includes(name)) {
      return Promise.reject(badArgument(`Unknown call ${JSON.stringify(name)}.`));
    }
    return transport.invoke(CHANNELS.call, name, arg).then((r) => r as CallResult<K>, rethrow);
  };

  const on = <E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): Unsubscribe => {
    const set = eventListeners.get(event);
    if (!set) throw badArgument(`Unknown event ${JSON.stringify(event)}.`);
    if (typeof listener !== 'function') throw badArgument('The event listener must be a function.');
    return set.add(listener as (payload: unknown) => void);
  };

  const onMenu = (listener: (action: MenuAction) => void): Unsubscribe => {
    if (typeof listener !== 'function') throw badArgument('The menu listener must be a function.');
    return menuListeners.add(listener);
  };

  const pick = (channel: string, ...args: unknown[]): Promise<string | null> =>
    transport.invoke(channel, ...args).then((r) => (typeof r === 'string' ? r : null), rethrow);

  return {
    call,
    on,
    onMenu,
    host: {
      kind: 'electron',
      pickFolder: () => pick(CHANNELS.pickFolder),
      pickModelDir: () => pick(CHANNELS.pickModelDir),
      pickSavePath: (suggestedName, filters) => pick(CHANNELS.pickSavePath, suggestedName, filters),
      pickOnnxFile: (role) => pick(CHANNELS.pickOnnxFile, role),
      pickExportDir: () => pick(CHANNELS.pickExportDir),
    },
  };
}
