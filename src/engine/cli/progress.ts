/**
 * Progress in a terminal: one redrawn bar on a TTY, plain lines now and then otherwise (CI logs, pipes).
 * Shared by every command that receives `progress` events.
 */
import type { EngineToHost } from '../../shared/protocol/engine';

type ProgressEvent = Extract<EngineToHost, { type: 'progress' }>;

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

function formatAmount(n: number, unit: ProgressEvent['unit']): string {
  if (unit === 'bytes') return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`;
  return Math.round(n).toLocaleString('en-US');
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (x: number): string => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** "1,234/2,000 photos (62%) 210 photos/s ETA 0:04" — the text part of a progress line. */
export function describeProgress(e: ProgressEvent): string {
  const unit = e.unit === 'bytes' ? '' : ` ${e.unit}`;
  const amount = e.total > 0 ? `${formatAmount(e.done, e.unit)}/${formatAmount(e.total, e.unit)}${unit} (${Math.floor((100 * e.done) / e.total)}%)` : `${formatAmount(e.done, e.unit)}${unit}`;
  const rate = e.rate !== undefined ? ` ${e.unit === 'bytes' ? `${formatAmount(e.rate, 'bytes')}/s` : `${e.rate.toFixed(e.rate < 10 ? 1 : 0)} ${e.unit}/s`}` : '';
  const eta = e.etaSeconds !== undefined && e.done < e.total ? ` ETA ${formatDuration(e.etaSeconds)}` : '';
  return `${amount}${rate}${eta}`;
}

/** A bar of `width` cells for done/total. */
export function renderBar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.min(width, Math.round((width * done) / total)) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export class ProgressPrinter {
  private barShown = false;
  private lastPlain = 0;
  private lastPercent = -1;

  constructor(
    private readonly out: ProgressOutput,
    private readonly now: () => number = () => Date.now(),
  ) {}

  progress(e: ProgressEvent): void {
    const text = `${e.phase.padEnd(8)} ${describeProgress(e)}`;
    if (this.out.isTTY) {
      const columns = this.out.columns ?? 80;
      const barWidth = Math.max(10, Math.min(30, columns - text.length - 3));
      const line = `${e.phase.padEnd(8)} ${e.total > 0 ? renderBar(e.done, e.total, barWidth) + ' ' : ''}${describeProgress(e)}`;
      this.out.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
      this.barShown = true;
      if (e.total > 0 && e.done >= e.total) this.clear(true);
      return;
    }
    // Plain output: a line every 10 % or 10 s, and the last one.
    const percent = e.total > 0 ? Math.floor((10 * e.done) / e.total) : -1;
    const t = this.now();
    const finished = e.total > 0 && e.done >= e.total;
    if (finished || percent > this.lastPercent || t - this.lastPlain >= 10_000) {
      this.out.write(`${text}\n`);
      this.lastPlain = t;
      this.lastPercent = percent;
    }
  }

  /** Prints a message on its own line without garbling the bar. */
  line(text: string): void {
    this.clear(false);
    this.out.write(`${text}\n`);
  }

  /** Ends the bar's line (keeping it when `keep`). */
  clear(keep: boolean): void {
    if (!this.barShown) return;
    this.out.write(keep ? '\n' : '\r\x1b[2K');
    this.barShown = false;
  }
}
