/**
 * Lets the event loop run once. A training loop over cached features awaits only promises that are
 * already resolved, so without this no I/O callback runs until the loop ends, and the host's `cancel`
 * (an IPC message) or the CLI's Ctrl+C (a signal) would wait for the whole run.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
