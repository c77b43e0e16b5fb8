/**
 * Keras-style log lines for engine events: what the CLI prints and what the Output channel shows.
 *   Epoch 3/10
 *   22/22 [==============================] - 3s 130ms/step - loss: 0.0606 - acc: 0.9762 - val_loss: 0.0854 - val_acc: 0.9700
 *   Test accuracy: 97.31%
 */
import type { EngineToHost } from '../protocol/engine';
import { cacheReportLines } from './cacheReport';

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPercent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m < 60) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function progressBar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : 0;
  if (filled >= width) return `[${'='.repeat(width)}]`;
  return `[${'='.repeat(filled)}>${'.'.repeat(Math.max(0, width - filled - 1))}]`;
}

export function metric(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : 'nan';
}

/** The lines an event adds to the log (progress events give none: they belong to a progress bar). */
export function kerasLines(event: EngineToHost, ctx: { steps?: number } = {}): string[] {
  switch (event.type) {
    case 'started': {
      const lines = [`Backend: ${event.backend.name} (${event.backend.reason}) on ${event.backend.device}`];
      for (const r of event.backend.rejected) lines.push(`  not ${r.name}: ${r.why}`);
      if (event.backbone) {
        const frozen = event.backbone.trainableParams === 0 ? 'frozen' : `${formatNumber(event.backbone.trainableParams)} trainable`;
        lines.push(`Backbone: ${event.backbone.architecture}, ${formatNumber(event.backbone.params)} params (${frozen}); head: ${formatNumber(event.backbone.headParams)} params; features ${event.backbone.featureShape.join('x')}`);
      }
      if (event.images) {
        for (const split of ['train', 'validation', 'test'] as const) lines.push(`Found ${event.images[split]} images belonging to 2 classes. (${split})`);
      }
      if (event.featureCache) {
        lines.push(event.featureCache.used ? `Feature cache: ${event.featureCache.dir}` : 'Feature cache: not used (the backbone itself learns)');
      }
      if (event.runDir) lines.push(`Run folder: ${event.runDir}`);
      return lines;
    }
    case 'epoch': {
      const steps = ctx.steps ?? 0;
      const perStep = steps > 0 ? `${Math.round((event.seconds / steps) * 1000)}ms/step` : '';
      const head = event.phase === 'finetune' ? `Epoch ${event.epoch}/${event.epochs} (fine-tuning)` : `Epoch ${event.epoch}/${event.epochs}`;
      return [
        head,
        `${steps}/${steps} ${progressBar(1, 1)} - ${formatDuration(event.seconds)} ${perStep} - loss: ${metric(event.loss)} - acc: ${metric(event.acc)} - val_loss: ${metric(event.valLoss)} - val_acc: ${metric(event.valAcc)}`.replace(/\s+-/g, ' -'),
      ];
    }
    case 'finished': {
      const lines: string[] = [];
      if (event.test) {
        lines.push(`Test loss: ${metric(event.test.loss)}`);
        const [[tn, fp], [fn, tp]] = event.test.confusion.matrix;
        lines.push(`Confusion matrix (rows true, columns predicted; cats, dogs): [[${tn}, ${fp}], [${fn}, ${tp}]]`);
        lines.push(`Test accuracy: ${formatPercent(event.test.acc)}`);
      }
      if (event.status !== 'completed') lines.push(`Run ${event.status}${event.message ? `: ${event.message}` : ''}.`);
      lines.push(`Total time: ${formatDuration(event.totalSeconds)}${event.runDir ? ` - ${event.runDir}` : ''}`);
      return lines;
    }
    case 'error':
      return [`Error: ${event.message}`, ...(event.hint ? [`  ${event.hint}`] : [])];
    case 'log':
      return [event.level === 'info' ? event.message : `${event.level === 'warn' ? 'Warning' : 'Error'}: ${event.message}`];
    case 'skipped':
      return [`Skipped ${event.photos.length} unreadable photo${event.photos.length === 1 ? '' : 's'}:`, ...event.photos.slice(0, 20).map((p) => `  ${p.file}: ${p.reason}`), ...(event.photos.length > 20 ? [`  ... and ${event.photos.length - 20} more`] : [])];
    case 'prepared': {
      const c = event.counts;
      return [
        event.unchanged ? `Dataset in ${event.out} is already prepared with these settings: nothing changed.` : `Prepared ${event.out} in ${formatDuration(event.seconds)}:`,
        ...(['train', 'validation', 'test'] as const).map((s) => `  ${s.padEnd(10)} cats ${String(c[s].cats).padStart(6)}  dogs ${String(c[s].dogs).padStart(6)}`),
        ...(event.rejected.length ? [`Left out ${event.rejected.length} unreadable file${event.rejected.length === 1 ? '' : 's'}:`, ...event.rejected.slice(0, 20).map((r) => `  ${r.file}: ${r.reason}`)] : []),
      ];
    }
    case 'cache':
      return cacheReportLines(event.report, event.freedBytes);
    case 'predictions':
      return event.predictions.map((p) => ('error' in p ? `${p.image}: error: ${p.error}` : `${p.image}: ${p.label} (${formatPercent(p.label === 'dog' ? p.probability : 1 - p.probability)})`));
    case 'ready':
    case 'progress':
      return [];
  }
}

/** One line for a progress event: "Extracting features 350/2000 [=====>....] 120.3 photos/s, ETA 14s". */
export function progressLine(event: Extract<EngineToHost, { type: 'progress' }>): string {
  const what: Record<string, string> = {
    download: 'Downloading',
    load: 'Loading backbone',
    cache: 'Extracting features',
    train: 'Training',
    finetune: 'Fine-tuning',
    validate: 'Validating',
    evaluate: 'Evaluating',
    save: 'Saving',
    prepare: 'Preparing dataset',
    predict: 'Predicting',
  };
  const unit = event.unit === 'bytes' ? 'MB' : event.unit;
  const scale = event.unit === 'bytes' ? 1 / 1e6 : 1;
  const done = event.unit === 'bytes' ? (event.done * scale).toFixed(1) : String(event.done);
  const total = event.total > 0 ? (event.unit === 'bytes' ? (event.total * scale).toFixed(1) : String(event.total)) : '?';
  const rate = event.rate !== undefined ? ` ${(event.rate * scale).toFixed(1)} ${unit}/s` : '';
  const eta = event.etaSeconds !== undefined ? `, ETA ${formatDuration(event.etaSeconds)}` : '';
  return `${what[event.phase] ?? event.phase}${event.epoch ? ` (epoch ${event.epoch})` : ''} ${done}/${total} ${progressBar(event.done, event.total, 20)}${rate}${eta}${event.message ? ` - ${event.message}` : ''}`;
}
