/**
 * Which process is running a run: the engine writes runs/<runId>/.owner.json ({pid, host, time})
 * when the run starts, so that a later look at a 'running' row can tell a live run (in this window,
 * another window or a terminal) from one whose process died. Used with markStaleRunning:
 *   markStaleRunning(experimentsDir, (row) => runOwnerAlive(join(experimentsDir, 'runs', row.runId)))
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processAlive, type LockOwner } from './fileLock';
import { writeFileAtomic } from './atomicWrite';

export const RUN_OWNER_FILE = '.owner.json';

export async function writeRunOwner(runDir: string, pid = process.pid): Promise<void> {
  const owner: LockOwner = { pid, host: hostname(), time: Date.now() };
  await writeFileAtomic(join(runDir, RUN_OWNER_FILE), JSON.stringify(owner) + '\n');
}

export async function removeRunOwner(runDir: string): Promise<void> {
  await fs.rm(join(runDir, RUN_OWNER_FILE), { force: true });
}

/**
 * False when the run's process is known to be gone: no owner file, an unreadable one, or a dead pid
 * on this machine. A run owned by another machine (a shared folder) is taken to be alive.
 */
export async function runOwnerAlive(runDir: string): Promise<boolean> {
  let owner: Partial<LockOwner>;
  try {
    owner = JSON.parse(await fs.readFile(join(runDir, RUN_OWNER_FILE), 'utf8'));
  } catch {
    return false;
  }
  if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return false;
  return owner.host !== hostname() || processAlive(owner.pid);
}
