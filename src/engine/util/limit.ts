/** Runs at most `max` async tasks at once; the rest wait their turn in order. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
}

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`A limiter needs at least one slot, got ${max}.`);
  let active = 0;
  const queue: Array<() => void> = [];
  const next = (): void => {
    active--;
    const start = queue.shift();
    if (start) start();
  };
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = (): void => {
          active++;
          let promise: Promise<T>;
          try {
            promise = task();
          } catch (err) {
            promise = Promise.reject(err);
          }
          promise.then(resolve, reject).finally(next);
        };
        if (active < max) start();
        else queue.push(start);
      });
    },
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
  };
}
