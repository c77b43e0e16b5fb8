/**
 * An exclusive lock file for read-modify-write of a shared file by several processes (the engine of
 * a run in VS Code, another run from the CLI, the extension host deleting a row).
 *
 * The lock is a file created with O_EXCL holding {pid, host, time}. A lock whose process is dead
 * (same host) or that is older than `staleMs` is taken over: it is renamed aside (atomic, so only one
 * contender wins it), checked to be the very lock judged stale, and removed.
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export interface LockOptions {
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** A lock older than this is stale whatever its process (default 30 s; holders keep it for milliseconds). */
  staleMs?: number;
  /** Pause between attempts (default 25 ms, with jitter). */
  retryMs?: number;
}

export interface LockOwner {
  pid: number;
  host: string;
  /** Milliseconds since the epoch when the lock was taken. */
  time: number;
}

export class LockTimeoutError extends Error {
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(
      `${lockPath} is held${owner ? ` by process ${owner.pid} on ${owner.host} since ${new Date(owner.time).toISOString()}` : ''}. ` +
        'If no run is finishing and no other window is writing results, delete that file and try again.',
    );
    this.name = 'LockTimeoutError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process with this id exists on this machine (EPERM means it exists but is not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text);
    if (typeof v?.pid === 'number' && typeof v?.host === 'string' && typeof v?.time === 'number') return v as LockOwner;
  } catch {
    // A lock file being written or damaged: judged by its age below.
  }
  return undefined;
}

async function readLock(lockPath: string): Promise<{ text: string; owner?: LockOwner; mtimeMs: number } | undefined> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    return { text, owner: parseOwner(text), mtimeMs: stat.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function isStale(owner: LockOwner | undefined, mtimeMs: number, staleMs: number, now = Date.now()): boolean {
  const time = owner?.time ?? mtimeMs;
  if (now - time > staleMs) return true;
  if (owner && owner.host === hostname() && !processAlive(owner.pid)) return true;
  // An unreadable lock younger than staleMs may be one being written right now: wait.
  return false;
}

/** Removes a stale lock unless someone replaced it meanwhile; true when the lock is gone. */
async function breakStaleLock(lockPath: string, staleText: string): Promise<boolean> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const taken = await fs.readFile(aside, 'utf8').catch(() => '');
  if (taken !== staleText) {
    // We moved a fresh lock of another process: put it back unless a third one already locked.
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
  return taken === staleText;
}

/** Creates the lock file; its content when this process now holds it, undefined when another does. */
async function tryCreate(lockPath: string): Promise<string | undefined> {
  const text = JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() } satisfies LockOwner);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw err;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return text;
}

/** Runs `fn` while holding the lock file; always releases it. */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const retryMs = options.retryMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let lastOwner: LockOwner | undefined;
  let mine: string | undefined;
  while ((mine = await tryCreate(lockPath)) === undefined) {
    const current = await readLock(lockPath);
    if (current) {
      lastOwner = current.owner;
      if (isStale(current.owner, current.mtimeMs, staleMs) && (await breakStaleLock(lockPath, current.text))) continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(lockPath, lastOwner);
    await sleep(retryMs / 2 + Math.random() * retryMs);
  }
  try {
    return await fn();
  } finally {
    // Remove only our own lock: had we been judged stale, the file may now be another's.
    const current = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (current === mine) await fs.rm(lockPath, { force: true });
  }
}
