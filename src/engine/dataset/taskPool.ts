/** Runs async tasks with at most `limit` in flight; the first failure stops new ones. */
export class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  /** Waits until fewer than `limit` tasks run; throws the first failure so far. */
  async slot(): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
  }

  /** Starts a task without waiting for it (call `slot()` first to respect the limit). */
  start(task: () => Promise<void>): void {
    const p: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async run(task: () => Promise<void>): Promise<void> {
    await this.slot();
    this.start(task);
  }

  /** Waits for every task; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every task and never throws (for cleaning up after an error). */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
