/** Engine events in a terminal: Keras-style lines on stdout, progress bars on stderr. */
import type { EngineToHost } from '../../../shared/protocol/engine';
import { kerasLines } from '../../../shared/format/kerasLog';
import type { CliIo } from '../io';
import { ProgressPrinter } from '../progress';

export function eventPrinter(io: CliIo): { emit: (e: EngineToHost) => void; done: () => void } {
  const printer = new ProgressPrinter(io.stderr);
  let steps: number | undefined;
  const emit = (e: EngineToHost): void => {
    if (e.type === 'progress') {
      if (e.unit === 'batches') steps = e.total;
      // Batch bars only on a terminal; in a log file the epoch lines say enough.
      if (e.unit !== 'batches' || io.stderr.isTTY) printer.progress(e);
      return;
    }
    const lines = kerasLines(e, { steps });
    if (lines.length === 0) return;
    printer.clear(true);
    const stream = e.type === 'error' || (e.type === 'log' && e.level !== 'info') ? io.stderr : io.stdout;
    stream.write(lines.join('\n') + '\n');
  };
  return { emit, done: () => printer.clear(true) };
}
