import { OUT_OF_MEMORY_HINT, type EngineErrorCode } from '../shared/protocol/engine';

/** An error the user can act on: what went wrong, and what to do about it. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly hint?: string,
    /** The file or config field it concerns. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export class CancelledError extends EngineError {
  constructor() {
    super('cancelled', 'Cancelled.');
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** How long a loop may keep the thread before it lets pending events in. */
const YIELD_EVERY_MS = 20;
let lastYield = 0;

/**
 * throwIfCancelled for loops of tfjs work, called once per batch. tfjs' promises resolve as
 * microtasks, so a training loop never returns to the event loop by itself: Ctrl+C (SIGINT), the
 * host's `cancel` message and the IPC channel closing would wait until the whole run had ended.
 * Every YIELD_EVERY_MS this waits one turn of the event loop (setImmediate: I/O and signals are
 * handled first), so a cancel is seen at the next batch. It changes no result.
 */
export async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  const now = performance.now();
  if (now - lastYield >= YIELD_EVERY_MS) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYield = performance.now();
  }
  throwIfCancelled(signal);
}

/**
 * How running out of memory shows up: V8 and typed arrays (Node), tfjs-node ("OOM when allocating"),
 * WebGPU, and the wasm backend, whose heap stops at 4 GiB and then fails as "memory access out of
 * bounds" or "offset is out of bounds" (measured: a Flatten head of 1e9 weights on wasm).
 */
export const OUT_OF_MEMORY_PATTERN =
  /out of memory|\bOOM\b|Cannot allocate|Array buffer allocation failed|Invalid typed array length|WebAssembly\.Memory|Cannot enlarge memory|Maximum memory size exceeded|memory access out of bounds|offset is out of bounds|GPUOutOfMemoryError|std::bad_alloc/i;

/** Turns anything thrown into the protocol's error shape. */
export function toErrorMessage(err: unknown): { message: string; hint?: string; code: EngineErrorCode; path?: string } {
  if (err instanceof EngineError) return { message: err.message, hint: err.hint, code: err.code, path: err.path };
  const message = err instanceof Error ? err.message : String(err);
  if (OUT_OF_MEMORY_PATTERN.test(message) || (err instanceof Error && OUT_OF_MEMORY_PATTERN.test(err.name))) {
    return { message: `Out of memory: ${message}`, hint: OUT_OF_MEMORY_HINT, code: 'out-of-memory' };
  }
  return { message, code: 'internal' };
}
