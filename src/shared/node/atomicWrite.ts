/**
 * Node-only helpers shared by the engine and the extension host (never the webview): writes that
 * either land whole or not at all.
 */
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { testPausePoint } from './testPause';

/** Writes data to a temporary file beside `file`, flushes it to disk, then renames it over `file`. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  testPausePoint(`atomic-write:${basename(file)}`);
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Deletes the temporary files writeFileAtomic left beside `file` when its process was killed between
 * writing and renaming (same naming; only those of processes that are gone). Returns how many.
 */
export async function removeStaleTemps(file: string, isAlive: (pid: number) => boolean): Promise<number> {
  const dir = dirname(file);
  const prefix = `.${basename(file)}.`;
  let removed = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    await fs.rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
