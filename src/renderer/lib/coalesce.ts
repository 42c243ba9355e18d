// Latest-wins request coalescing for live decoding while a slider is dragged: at most one request is in
// flight; while it runs, newer requests replace each other and only the newest is sent next. The result
// of every request that was sent is delivered, so the view always ends on the latest value.

export interface Coalescer<A> {
  /** Asks for `arg`; returns at once. */
  request(arg: A): void;
  /** True while a request is in flight. */
  readonly busy: boolean;
  /** Drops a waiting request and ignores the result of the one in flight. */
  cancel(): void;
}

export function coalesce<A, R>(
  run: (arg: A) => Promise<R>,
  onResult: (result: R, arg: A) => void,
  onError: (error: unknown, arg: A) => void = () => {},
): Coalescer<A> {
  let inFlight = false;
  let pending: { arg: A } | null = null;
  let generation = 0;

  const start = (arg: A): void => {
    inFlight = true;
    const gen = generation;
    run(arg)
      .then(
        (result) => {
          if (gen === generation) onResult(result, arg);
        },
        (error: unknown) => {
          if (gen === generation) onError(error, arg);
        },
      )
      .finally(() => {
        inFlight = false;
        const next = pending;
        pending = null;
        if (next) start(next.arg);
      });
  };

  return {
    request(arg: A) {
      if (inFlight) pending = { arg };
      else start(arg);
    },
    get busy() {
      return inFlight;
    },
    cancel() {
      generation++;
      pending = null;
    },
  };
}
