/**
 * Lets queued events run (the host's `cancel` message above all). Training on in-memory features
 * awaits only promises that settle as microtasks, which would starve the IPC channel for a whole run.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
