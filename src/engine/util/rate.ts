/** Units per second over a recent window (a moving rate for progress bars), and the time left. */
export interface RateMeter {
  /** Records that `done` units are finished now; returns the current rate (undefined until measurable). */
  update(done: number): number | undefined;
  /** Seconds left for `remaining` units at the current rate. */
  eta(remaining: number): number | undefined;
}

export function createRateMeter(windowMs = 10_000, now: () => number = Date.now): RateMeter {
  const samples: Array<{ t: number; done: number }> = [];
  let rate: number | undefined;
  return {
    update(done: number): number | undefined {
      const t = now();
      samples.push({ t, done });
      while (samples.length > 2 && samples[0].t < t - windowMs) samples.shift();
      const first = samples[0];
      const seconds = (t - first.t) / 1000;
      rate = seconds > 0 && done > first.done ? (done - first.done) / seconds : rate;
      return rate;
    },
    eta(remaining: number): number | undefined {
      return rate && rate > 0 ? remaining / rate : undefined;
    },
  };
}
