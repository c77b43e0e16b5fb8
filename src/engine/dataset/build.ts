/**
 * Building a dataset in the work folder: every candidate photo is read (one at a time, in source order),
 * checked to decode and hashed (a few at once, so both cores work), and written or hard-linked into a
 * staging area. Only then, with the accepted photos known, are they split per class and moved into
 * train/validation/test, so a rejected photo never shifts the split of the others.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { PhotoProblem } from '../../shared/protocol/engine';
import { EngineError, throwIfCancelled } from '../errors';
import { errnoCode, mapWriteError } from './ioErrors';
import type { ManifestPhoto } from './manifest';
import { assignOutputNames } from './outputNames';
import { checkPhoto } from './photoCheck';
import { compareCodeUnits, deriveSeed } from './prng';
import { ItemProblem, type OpenedSource, type SourceItem } from './sources/types';
import { nestedZipHint } from './sources/zipSource';
import { assignSplits, formatRatios } from './splitMath';
import { TaskPool } from './taskPool';
import { CLASSES, SPLITS, type ClassName, type SplitCounts } from './types';

export interface BuildDeps {
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  /** Photos checked and written at once. */
  concurrency: number;
}

export const defaultBuildDeps: BuildDeps = {
  writeFile: (path, data) => fs.writeFile(path, data),
  link: (existing, newPath) => fs.link(existing, newPath),
  concurrency: 4,
};

export interface BuildOptions {
  source: OpenedSource;
  /** The work folder (beside the target), and the target it becomes (for messages). */
  work: string;
  out: string;
  seed: number;
  split: readonly number[];
  /** Copy photos from a folder source instead of hard-linking them. */
  copy: boolean;
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
  onLog(level: 'info' | 'warn', message: string): void;
}

export interface BuildResult {
  photos: ManifestPhoto[];
  counts: SplitCounts;
  rejected: PhotoProblem[];
  linked: number;
  /** Candidates read and checked. */
  checked: number;
}

interface Accepted {
  item: SourceItem;
  name: string;
  sha256: string;
  bytes: number;
  staged: string;
}

const singular = (cls: ClassName): string => cls.slice(0, -1);

function summarize(problems: readonly PhotoProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.file}: ${p.reason}`);
  return shown.join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
}

/** Fails before any reading when the listing alone shows a class is missing. */
export function requireCandidates(source: OpenedSource): void {
  const where = `${source.kind === 'zip' ? 'the zip' : 'the folder'} ${source.path}`;
  const n: Record<ClassName, number> = { cats: 0, dogs: 0 };
  for (const item of source.items) n[item.cls]++;
  if (n.cats + n.dogs === 0) {
    if (source.rejected.length > 0) {
      throw new EngineError('dataset', `No usable cat or dog photos in ${where}: all ${source.rejected.length} were refused (${summarize(source.rejected)}).`, 'Fix the archive or give a folder of photos instead.', source.path);
    }
    const examples = source.ignored.slice(0, 3).map((p) => p.file).join(', ');
    const nested = nestedZipHint(source.ignored);
    throw new EngineError(
      'dataset',
      `No cat or dog photos found in ${where}` + (source.ignored.length ? ` (${source.ignored.length} files, none named like cat.1.jpg / dog.1.jpg or inside cats/ and dogs/ folders, e.g. ${examples}).` : ': it is empty.'),
      nested ?? "Give Kaggle's train.zip (its test1.zip has no labels), or a folder with cats/ and dogs/ (or Cat/ and Dog/) subfolders.",
      source.path,
    );
  }
  for (const cls of CLASSES) {
    if (n[cls] > 0) continue;
    const other = CLASSES.find((c) => c !== cls)!;
    throw new EngineError(
      'dataset',
      `No ${singular(cls)} photos found in ${where} (found ${n[other]} ${singular(other)} photos).`,
      `A dataset needs both classes: name the files ${singular(cls)}.N.jpg, or put them in a ${cls}/ (or ${singular(cls)[0].toUpperCase()}${singular(cls).slice(1)}/) folder.`,
      source.path,
    );
  }
}

export async function buildDataset(o: BuildOptions, deps: BuildDeps = defaultBuildDeps): Promise<BuildResult> {
  const { source } = o;
  requireCandidates(source);
  const names = assignOutputNames(source.items);
  const staging = join(o.work, '.staging');
  for (const cls of CLASSES) await fs.mkdir(join(staging, cls), { recursive: true });

  const rejected: PhotoProblem[] = [...source.rejected];
  const accepted: Accepted[] = [];
  const total = source.items.length;
  let done = 0;
  let linked = 0;
  let mayLink = source.kind === 'folder' && !o.copy;
  const pool = new TaskPool(deps.concurrency);
  o.onProgress(0, total);

  const store = async (item: SourceItem, data: Buffer, staged: string): Promise<void> => {
    if (mayLink && item.filePath) {
      try {
        await deps.link(item.filePath, staged);
        linked++;
        return;
      } catch (err) {
        if (mayLink) o.onLog('info', `Copying the photos instead of hard-linking them (${errnoCode(err) ?? (err as Error).message}): the output is on another drive or the file system has no hard links.`);
        mayLink = false;
      }
    }
    try {
      await deps.writeFile(staged, data);
    } catch (err) {
      throw mapWriteError(err, staged, o.out);
    }
  };

  try {
    for (const item of source.items) {
      throwIfCancelled(o.signal);
      await pool.slot();
      let data: Buffer;
      try {
        data = await source.read(item);
      } catch (err) {
        if (!(err instanceof ItemProblem)) throw err;
        rejected.push({ file: item.original, reason: err.message });
        o.onProgress(++done, total);
        continue;
      }
      pool.start(async () => {
        const check = await checkPhoto(data);
        throwIfCancelled(o.signal);
        if (!check.ok) {
          rejected.push({ file: item.original, reason: check.reason });
        } else {
          const name = names.get(item.original)!;
          const staged = join(staging, item.cls, name);
          await store(item, data, staged);
          accepted.push({ item, name, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length, staged });
        }
        o.onProgress(++done, total);
      });
    }
    await pool.drain();
  } catch (err) {
    await pool.settle();
    throw err;
  }

  // The same photo twice (same bytes) is kept once, or it could land in train and in test.
  accepted.sort((a, b) => compareCodeUnits(a.item.original, b.item.original));
  const firstByHash = new Map<string, Accepted>();
  const unique: Accepted[] = [];
  for (const a of accepted) {
    const first = firstByHash.get(a.sha256);
    if (first) {
      rejected.push({ file: a.item.original, reason: `the same photo as ${first.item.original} (kept once, so that it cannot be in two splits)` });
      await fs.rm(a.staged, { force: true });
    } else {
      firstByHash.set(a.sha256, a);
      unique.push(a);
    }
  }

  const where = `${source.kind === 'zip' ? 'the zip' : 'the folder'} ${source.path}`;
  const counts = {} as SplitCounts;
  for (const split of SPLITS) counts[split] = { cats: 0, dogs: 0 };
  const plan: Array<{ a: Accepted; photo: ManifestPhoto }> = [];
  for (const cls of CLASSES) {
    const mine = new Map(unique.filter((a) => a.item.cls === cls).map((a) => [a.name, a]));
    if (mine.size === 0) {
      const ofClass = new Set(source.items.filter((i) => i.cls === cls).map((i) => i.original));
      const bad = rejected.filter((p) => ofClass.has(p.file));
      throw new EngineError('dataset', `No usable ${singular(cls)} photos in ${where}: all ${bad.length} were rejected (${summarize(bad)}).`, 'Check the photos: they must be readable JPEG, PNG, WebP, GIF or TIFF images.', source.path);
    }
    const parts = assignSplits([...mine.keys()], o.split, deriveSeed(o.seed, cls));
    const sizes = SPLITS.map((s) => parts[s].length);
    if (sizes.some((n) => n === 0)) {
      throw new EngineError(
        'dataset',
        `Too few photos to split ${formatRatios(o.split)}: ${mine.size} ${singular(cls)} photos give ${sizes.join('/')}, and every split needs at least one of each class.`,
        'Add photos, or change the split (--split).',
        source.path,
      );
    }
    for (const split of SPLITS) {
      counts[split][cls] = parts[split].length;
      for (const name of parts[split]) {
        const a = mine.get(name)!;
        plan.push({ a, photo: { split, class: cls, file: `${split}/${cls}/${name}`, original: a.item.original, sha256: a.sha256, bytes: a.bytes } });
      }
    }
  }

  for (const split of SPLITS) for (const cls of CLASSES) await fs.mkdir(join(o.work, split, cls), { recursive: true });
  for (let i = 0; i < plan.length; i += 64) {
    throwIfCancelled(o.signal);
    await Promise.all(plan.slice(i, i + 64).map(({ a, photo }) => fs.rename(a.staged, join(o.work, photo.file))));
  }
  await fs.rm(staging, { recursive: true, force: true });

  const photos = plan.map((p) => p.photo).sort((a, b) => compareCodeUnits(a.file, b.file));
  rejected.sort((a, b) => compareCodeUnits(a.file, b.file));
  return { photos, counts, rejected, linked, checked: done };
}
