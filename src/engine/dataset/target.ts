/**
 * The output folder's life cycle: what is there now, a temporary folder beside it to build in, and the
 * final swap (old dataset moved aside, new one renamed into place, old one deleted only then). Only
 * folders that this tool made are ever deleted: temporary ones carry a marker file, and a folder is only
 * replaced when it holds nothing but a dataset's parts.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EngineError } from '../errors';
import { MANIFEST_FILE, readManifest, type DatasetManifest } from './manifest';

export const MARKER_FILE = '.cats-dogs-prepare';
const DATASET_PARTS = new Set(['train', 'validation', 'test', MANIFEST_FILE, '.ds_store', 'thumbs.db', 'desktop.ini', MARKER_FILE]);

export type TargetState =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'dataset'; manifest: DatasetManifest }
  | { kind: 'damaged'; error: EngineError; entries: string[] }
  | { kind: 'unmanaged'; entries: string[] };

/** True when a folder holds nothing but train/, validation/, test/, dataset.json (and OS litter). */
export function looksLikeDataset(entries: readonly string[]): boolean {
  return entries.every((e) => DATASET_PARTS.has(e.toLowerCase()));
}

export async function inspectTarget(out: string): Promise<TargetState> {
  const st = await fs.stat(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    if (err.code === 'ENOTDIR') throw new EngineError('dataset', `Cannot create ${out}: part of its path is a file.`, 'Choose another output folder.', out);
    throw new EngineError('io', `Cannot read ${out}: ${err.message}`, 'Check the permissions of the output folder.', out);
  });
  if (!st) return { kind: 'absent' };
  if (!st.isDirectory()) {
    throw new EngineError('dataset', `The output ${out} is a file, not a folder.`, 'Choose a folder for the dataset (it is created if missing), or move the file away.', out);
  }
  const entries = await fs.readdir(out);
  if (entries.length === 0) return { kind: 'empty' };
  try {
    const manifest = await readManifest(out);
    if (manifest) return { kind: 'dataset', manifest };
  } catch (err) {
    if (err instanceof EngineError && err.code === 'dataset') return { kind: 'damaged', error: err, entries };
    throw err;
  }
  return { kind: 'unmanaged', entries };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readMarker(dir: string): Promise<{ pid: number } | undefined> {
  try {
    const v = JSON.parse(await fs.readFile(join(dir, MARKER_FILE), 'utf8')) as { pid?: unknown };
    return typeof v.pid === 'number' ? { pid: v.pid } : undefined;
  } catch {
    return undefined;
  }
}

const TMP_NAME = /^(.*)\.tmp-[0-9a-f]{12}$/;
const OLD_NAME = /^(.*)\.old-[0-9a-f]{12}$/;

/**
 * Cleans what a killed run left beside `out`: its temporary folder (when the process that made it is
 * gone), and a previous dataset moved aside (put back if `out` itself went missing, else deleted).
 * Returns what it did, for the log. Throws if another run is building the same dataset right now.
 */
export async function cleanStale(out: string): Promise<string[]> {
  const parent = dirname(out);
  const name = basename(out);
  const done: string[] = [];
  const siblings = await fs.readdir(parent).catch(() => [] as string[]);
  for (const s of siblings.sort()) {
    const path = join(parent, s);
    if (TMP_NAME.exec(s)?.[1] === name) {
      const marker = await readMarker(path);
      if (!marker) continue; // not ours: leave it alone
      if (marker.pid !== process.pid && isAlive(marker.pid)) {
        throw new EngineError('dataset', `Another preparation of ${out} is running (process ${marker.pid}).`, `Wait for it to finish, or stop it; its work folder is ${path}.`, out);
      }
      if (marker.pid === process.pid) continue; // a concurrent job in this very process
      await fs.rm(path, { recursive: true, force: true });
      done.push(`Removed ${path}, left by an interrupted run.`);
    } else if (OLD_NAME.exec(s)?.[1] === name) {
      const entries = await fs.readdir(path).catch(() => undefined);
      if (!entries || !looksLikeDataset(entries)) continue;
      const outExists = await fs.stat(out).then(() => true, () => false);
      if (!outExists) {
        await fs.rename(path, out);
        done.push(`Put back the previous dataset from ${path}: a run was interrupted while replacing it.`);
      } else {
        await fs.rm(path, { recursive: true, force: true });
        done.push(`Removed ${path}, the previous dataset left by an interrupted run.`);
      }
    }
  }
  return done;
}

/** Makes `<out>.tmp-<random>` beside the target, with a marker naming this process. */
export async function createWorkFolder(out: string): Promise<string> {
  await fs.mkdir(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${randomBytes(6).toString('hex')}`;
  await fs.mkdir(tmp);
  await fs.writeFile(join(tmp, MARKER_FILE), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }) + '\n');
  return tmp;
}

/**
 * Moves the finished work folder to `out`. A dataset already there is first renamed aside and deleted
 * only once the new one is in place; if the rename fails, the old one is put back.
 */
export async function swapIntoPlace(tmp: string, out: string, onWarning: (message: string) => void): Promise<void> {
  let aside: string | undefined;
  const existing = await fs.stat(out).then(() => true, () => false);
  if (existing) {
    aside = `${out}.old-${randomBytes(6).toString('hex')}`;
    await fs.rename(out, aside);
  }
  try {
    await fs.rename(tmp, out);
  } catch (err) {
    if (aside) await fs.rename(aside, out).catch(() => undefined);
    throw err;
  }
  await fs.rm(join(out, MARKER_FILE), { force: true });
  if (aside) {
    await fs.rm(aside, { recursive: true, force: true }).catch((err: Error) => onWarning(`Could not delete the previous dataset at ${aside}: ${err.message}. Delete it by hand.`));
  }
}
