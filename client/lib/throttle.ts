/**
 * Calls `send` with the latest value at most `hz` times a second: at once when it has been quiet, otherwise once the
 * interval is over, with whatever came last. `cancel` drops a pending call.
 */
export function throttle<T>(send: (value: T) => void, hz: number): { push(value: T): void; cancel(): void } {
  let last = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let latest: T;
  const flush = () => {
    pending = undefined;
    last = performance.now();
    send(latest);
  };
  return {
    push(value) {
      latest = value;
      const wait = 1000 / hz - (performance.now() - last);
      if (wait <= 0) flush();
      else pending ??= setTimeout(flush, wait);
    },
    cancel() {
      clearTimeout(pending);
      pending = undefined;
    },
  };
}
