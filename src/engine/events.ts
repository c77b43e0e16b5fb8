import type { EngineToHost } from '../shared/protocol/engine';

/** Where a job reports what it is doing: the IPC channel in a child process, the terminal in the CLI. */
export type EventSink = (event: EngineToHost) => void;

export interface JobContext {
  emit: EventSink;
  signal: AbortSignal;
}
