/** Units per second over a recent window, and the time left at that pace. */
export class RateMeter {
  private readonly samples: Array<{ t: number; done: number }> = [];

  constructor(
    private readonly windowMs = 5000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records progress and returns the current rate (units/s) and eta (s), once there is a pace. */
  update(done: number, total: number | undefined): { rate?: number; etaSeconds?: number } {
    const t = this.now();
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const dt = (t - first.t) / 1000;
    if (dt <= 0 || done <= first.done) return {};
    const rate = (done - first.done) / dt;
    return { rate, etaSeconds: total !== undefined && total >= done ? (total - done) / rate : undefined };
  }
}
