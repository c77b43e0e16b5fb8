/**
 * A sweep: experiment configs trained one after another, unattended. This is its state machine and
 * stored form, pure; the host runs the items and keeps the state in workspaceState after each step,
 * so a window reload finds it and can resume. Every function returns a new state.
 *
 *   pending -> running -> completed | failed | cancelled
 * A failed or cancelled item does not stop the sweep; cancelling the sweep cancels the items not yet
 * started. An item left `running` by a reload goes back to `pending` (or fails after too many tries).
 */

export const SWEEP_FORMAT_VERSION = 1;

export type SweepItemStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
export type SweepStatus = 'running' | 'finished' | 'cancelled';

export interface SweepItem {
  /** The experiment's name. */
  label: string;
  /** Workspace-relative path of the config file. */
  config: string;
  status: SweepItemStatus;
  /** How many times a run of this item has started. */
  attempts: number;
  runId?: string;
  testAcc?: number;
  error?: string;
}

export interface SweepState {
  version: typeof SWEEP_FORMAT_VERSION;
  id: string;
  /** What the sweep varies, e.g. "baseline: dropout 0, 0.25, 0.5". */
  title: string;
  /** ISO 8601. */
  createdAt: string;
  status: SweepStatus;
  items: SweepItem[];
}

export interface ItemOutcome {
  status: 'completed' | 'failed' | 'cancelled';
  runId?: string;
  testAcc?: number;
  error?: string;
}

/** How many starts an item gets when reloads keep interrupting it. */
export const MAX_ATTEMPTS = 2;

export function createSweep(input: { id: string; title: string; createdAt: string; items: ReadonlyArray<{ label: string; config: string }> }): SweepState {
  if (input.items.length === 0) throw new Error('A sweep needs at least one experiment.');
  return {
    version: SWEEP_FORMAT_VERSION,
    id: input.id,
    title: input.title,
    createdAt: input.createdAt,
    status: 'running',
    items: input.items.map((i) => ({ label: i.label, config: i.config, status: 'pending', attempts: 0 })),
  };
}

/** The index of the item to run next, or undefined when the sweep is over (or cancelled). */
export function nextItem(state: SweepState): number | undefined {
  if (state.status !== 'running') return undefined;
  const index = state.items.findIndex((i) => i.status === 'pending');
  return index < 0 ? undefined : index;
}

function withItem(state: SweepState, index: number, update: (item: SweepItem) => SweepItem): SweepState {
  if (!state.items[index]) throw new RangeError(`The sweep has no item ${index}.`);
  return { ...state, items: state.items.map((item, i) => (i === index ? update(item) : item)) };
}

function settle(state: SweepState): SweepState {
  const open = state.items.some((i) => i.status === 'pending' || i.status === 'running');
  return state.status === 'running' && !open ? { ...state, status: 'finished' } : state;
}

export function startItem(state: SweepState, index: number): SweepState {
  if (state.items[index]?.status !== 'pending') throw new Error(`Item ${index} of the sweep is not pending.`);
  return withItem(state, index, (item) => ({ ...item, status: 'running', attempts: item.attempts + 1 }));
}

/** Records how a run ended; the sweep goes on with the next pending item whatever the outcome. */
export function finishItem(state: SweepState, index: number, outcome: ItemOutcome): SweepState {
  const next = withItem(state, index, (item) => {
    const { runId: _r, testAcc: _t, error: _e, ...rest } = item;
    return {
      ...rest,
      status: outcome.status,
      ...(outcome.runId !== undefined ? { runId: outcome.runId } : {}),
      ...(outcome.testAcc !== undefined ? { testAcc: outcome.testAcc } : {}),
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    };
  });
  return settle(next);
}

/** Stops the sweep: items not started are cancelled; a running one ends through finishItem. */
export function cancelSweep(state: SweepState): SweepState {
  if (state.status !== 'running') return state;
  return { ...state, status: 'cancelled', items: state.items.map((i) => (i.status === 'pending' ? { ...i, status: 'cancelled' } : i)) };
}

/**
 * The state after a window reload: the item that was running was cut off (the engine died with the
 * window), so it runs again, unless reloads have already cut it off MAX_ATTEMPTS times.
 */
export function resumeAfterReload(state: SweepState, maxAttempts = MAX_ATTEMPTS): SweepState {
  const items = state.items.map((item): SweepItem => {
    if (item.status !== 'running') return item;
    if (state.status === 'running' && item.attempts < maxAttempts) return { ...item, status: 'pending' };
    return { ...item, status: state.status === 'running' ? 'failed' : 'cancelled', error: item.error ?? 'interrupted' };
  });
  return settle({ ...state, items });
}

export function isUnfinished(state: SweepState): boolean {
  return state.status === 'running';
}

/** "Sweep 2/4": the running (or next) item's position, the total, and how many have ended. */
export function sweepProgress(state: SweepState): { position: number; total: number; done: number } {
  const total = state.items.length;
  const done = state.items.filter((i) => i.status === 'completed' || i.status === 'failed' || i.status === 'cancelled').length;
  const running = state.items.findIndex((i) => i.status === 'running');
  const pending = state.items.findIndex((i) => i.status === 'pending');
  const current = running >= 0 ? running : pending;
  return { position: current >= 0 ? current + 1 : total, total, done };
}

export function sweepSummary(state: SweepState): { completed: number; failed: number; cancelled: number; pending: number; best?: SweepItem } {
  const count = (s: SweepItemStatus) => state.items.filter((i) => i.status === s).length;
  let best: SweepItem | undefined;
  for (const item of state.items) {
    if (item.status === 'completed' && item.testAcc !== undefined && (!best || item.testAcc > best.testAcc!)) best = item;
  }
  return { completed: count('completed'), failed: count('failed'), cancelled: count('cancelled'), pending: count('pending') + count('running'), ...(best ? { best } : {}) };
}

const ITEM_STATUSES = new Set<SweepItemStatus>(['pending', 'running', 'completed', 'failed', 'cancelled']);
const SWEEP_STATUSES = new Set<SweepStatus>(['running', 'finished', 'cancelled']);

function parseItem(value: unknown): SweepItem | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.label !== 'string' || typeof v.config !== 'string' || v.config === '' || !ITEM_STATUSES.has(v.status as SweepItemStatus)) return undefined;
  if (!Number.isInteger(v.attempts) || (v.attempts as number) < 0) return undefined;
  const item: SweepItem = { label: v.label, config: v.config, status: v.status as SweepItemStatus, attempts: v.attempts as number };
  if (typeof v.runId === 'string') item.runId = v.runId;
  if (typeof v.testAcc === 'number' && Number.isFinite(v.testAcc)) item.testAcc = v.testAcc;
  if (typeof v.error === 'string') item.error = v.error;
  return item;
}

/** A stored sweep, checked field by field; undefined for anything else (another version, damage). */
export function parseSweepState(value: unknown): SweepState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.version !== SWEEP_FORMAT_VERSION || typeof v.id !== 'string' || typeof v.title !== 'string' || typeof v.createdAt !== 'string') return undefined;
  if (!SWEEP_STATUSES.has(v.status as SweepStatus) || !Array.isArray(v.items) || v.items.length === 0) return undefined;
  const items = v.items.map(parseItem);
  if (items.some((i) => i === undefined)) return undefined;
  return { version: SWEEP_FORMAT_VERSION, id: v.id, title: v.title, createdAt: v.createdAt, status: v.status as SweepStatus, items: items as SweepItem[] };
}
