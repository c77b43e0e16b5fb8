import type { ProgressOutput } from './progress';

/** What a command gets from the terminal: its streams and the Ctrl+C signal. */
export interface CliIo {
  stdout: ProgressOutput;
  stderr: ProgressOutput;
  signal: AbortSignal;
}
