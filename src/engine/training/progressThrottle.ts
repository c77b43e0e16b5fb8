import type { EngineToHost } from '../../shared/protocol/engine';

type Progress = Extract<EngineToHost, { type: 'progress' }>;

/** Passes progress events on at most every `intervalMs` (a batch can take a millisecond), and always the last. */
export class ProgressThrottle {
  private last = 0;

  constructor(
    private readonly emit: (event: Progress) => void,
    private readonly intervalMs = 250,
  ) {}

  report(event: Progress, force = false): void {
    const now = performance.now();
    const last = event.total > 0 && event.done >= event.total;
    if (!force && !last && now - this.last < this.intervalMs) return;
    this.last = now;
    if (event.rate !== undefined && event.etaSeconds === undefined && event.rate > 0 && event.total > event.done) {
      event = { ...event, etaSeconds: (event.total - event.done) / event.rate };
    }
    this.emit(event);
  }
}
