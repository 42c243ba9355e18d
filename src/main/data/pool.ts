// Runs async work over items with a bounded number in flight (sharp decodes on libuv threads, so a
// few in flight keep them busy without flooding memory). Rejects as soon as the signal aborts;
// work already started finishes in the background and its results are dropped.
import { cancelledError } from './abort.js';

export function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let active = 0;
    let finished = false;
    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = (): void => finish(cancelledError());
    if (signal?.aborted) return finish(cancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const launch = (): void => {
      while (!finished && active < concurrency && next < items.length) {
        const index = next++;
        active++;
        work(items[index]!, index).then(
          () => {
            active--;
            if (next >= items.length && active === 0) finish();
            else launch();
          },
          (error: unknown) => finish(error),
        );
      }
    };
    if (items.length === 0) return finish();
    launch();
  });
}
