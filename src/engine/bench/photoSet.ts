/**
 * The benchmark's photos: a prepared dataset (train/validation/test, cats/dogs), either given with
 * --data or prepared once from --source (Kaggle's train.zip or a folder) into the cache folder, so a
 * second run starts at once. Smaller runs take the same share of every split and class.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_SEED, DEFAULT_SPLIT, prepareDataset, readDatasetLayout, type DatasetLayout } from '../dataset';
import { CLASSES, SPLITS } from '../dataset/types';
import { EngineError } from '../errors';
import type { EventSink } from '../events';

export interface BenchDataset {
  dataDir: string;
  layout: DatasetLayout;
  /** What the photos are, for the report. */
  description: string;
}

export function countPhotos(layout: DatasetLayout): number {
  return SPLITS.reduce((n, s) => n + CLASSES.reduce((m, c) => m + layout[s][c].length, 0), 0);
}

/** Where a source's prepared copy lives in the cache: one folder per source path. */
export function benchDatasetDir(cacheDir: string, source: string): string {
  const id = createHash('sha256').update(resolve(source)).digest('hex').slice(0, 16);
  return join(cacheDir, 'bench', 'datasets', id);
}

export async function benchDataset(opts: { data?: string; source?: string; cacheDir: string; emit: EventSink; signal: AbortSignal }): Promise<BenchDataset> {
  if (opts.data) {
    const dataDir = resolve(opts.data);
    return { dataDir, layout: await readDatasetLayout(dataDir), description: dataDir };
  }
  if (!opts.source) {
    throw new EngineError('config', 'The benchmark needs photos.', 'Give --shared DIR (the shared folder with datasets/dogs-vs-cats-2000/train.zip), --source ZIP_OR_DIR, or --data DIR (a prepared dataset).');
  }
  const out = benchDatasetDir(opts.cacheDir, opts.source);
  await fs.mkdir(join(out, '..'), { recursive: true });
  const s = await prepareDataset(
    { kind: 'prepare', source: opts.source, out, split: DEFAULT_SPLIT, seed: DEFAULT_SEED, replace: true, cacheDir: opts.cacheDir },
    { emit: opts.emit, signal: opts.signal },
  );
  return { dataDir: s.out, layout: await readDatasetLayout(s.out), description: `${basename(opts.source)} (${s.photos} photos, prepared in ${s.out})` };
}

/**
 * About `n` photos with the same share of every split and class (the first ones of each list, at
 * least one each so a training run still has every split and class); the whole layout when n covers it.
 */
export function subsetLayout(layout: DatasetLayout, n: number): DatasetLayout {
  const total = countPhotos(layout);
  if (n >= total) return layout;
  const out = {} as DatasetLayout;
  for (const s of SPLITS) {
    out[s] = { cats: [], dogs: [] };
    for (const c of CLASSES) {
      const files = layout[s][c];
      out[s][c] = files.slice(0, Math.max(1, Math.min(files.length, Math.round((files.length * n) / total))));
    }
  }
  return out;
}

/** Every photo of a layout, taking one from each split and class in turn (so any prefix is a fair mix). */
export function interleavedFiles(layout: DatasetLayout): string[] {
  const lists = SPLITS.flatMap((s) => CLASSES.map((c) => layout[s][c]));
  const out: string[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

/** A dataset folder of symbolic links to a layout's photos (copies where links are not allowed), for a training run on a subset. */
export async function linkDataset(layout: DatasetLayout, dir: string): Promise<void> {
  for (const s of SPLITS) {
    for (const c of CLASSES) {
      const target = join(dir, s, c);
      await fs.mkdir(target, { recursive: true });
      for (const file of layout[s][c]) {
        const link = join(target, basename(file));
        await fs.symlink(file, link).catch(() => fs.copyFile(file, link));
      }
    }
  }
}
