/**
 * A folder as a source: Kaggle's photos unzipped (cat.N.jpg), or cats/ and dogs/ (Cat/, Dog/ as in
 * Microsoft's PetImages) at any depth up to a few levels. Symbolic links to folders are not followed
 * (no loops), hidden folders are skipped, and `exclude` keeps the dataset being written out of the
 * listing when it lies inside the source.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { PhotoProblem } from '../../../shared/protocol/engine';
import { EngineError } from '../../errors';
import { classifyPath } from '../classify';
import { compareCodeUnits } from '../prng';
import { ItemProblem, MAX_PHOTO_BYTES, type OpenedSource, type SourceItem } from './types';

const MAX_DEPTH = 6;

interface Listed {
  rel: string;
  abs: string;
  size: number;
  mtimeMs: number;
}

export async function openFolderSource(root: string, exclude: (abs: string) => boolean = () => false): Promise<OpenedSource> {
  const files: Listed[] = [];
  const ignored: PhotoProblem[] = [];
  const rejected: PhotoProblem[] = [];

  async function walk(dir: string, rel: string, depth: number): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (depth === 0) throw new EngineError('io', `Cannot read the folder ${dir}: ${(err as Error).message}`, 'Check that it exists and that you may read it.', dir);
      rejected.push({ file: `${rel}/`, reason: `folder cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      return;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    const stats: Array<Promise<void>> = [];
    for (const e of entries) {
      const abs = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (exclude(abs)) continue;
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || e.name === '__MACOSX' || e.name === 'node_modules') continue;
        if (depth + 1 >= MAX_DEPTH) ignored.push({ file: `${r}/`, reason: `folder nested more than ${MAX_DEPTH} levels deep (not searched)` });
        else await walk(abs, r, depth + 1);
        continue;
      }
      if (!e.isFile() && !e.isSymbolicLink()) continue;
      stats.push(
        fs.stat(abs).then(
          (st) => {
            if (st.isFile()) files.push({ rel: r, abs, size: st.size, mtimeMs: st.mtimeMs });
            else if (st.isDirectory()) ignored.push({ file: r, reason: 'link to a folder (not followed)' });
          },
          (err: NodeJS.ErrnoException) => {
            rejected.push({ file: r, reason: `cannot be read (${err.code ?? err.message})` });
          },
        ),
      );
      if (stats.length >= 64) await Promise.all(stats.splice(0));
    }
    await Promise.all(stats);
  }

  await walk(root, '', 0);
  files.sort((a, b) => compareCodeUnits(a.rel, b.rel));

  const fingerprint = createHash('sha256');
  let size = 0;
  const items: SourceItem[] = [];
  for (const f of files) {
    fingerprint.update(`${f.rel}\0${f.size}\0${f.mtimeMs}\n`);
    size += f.size;
    const c = classifyPath(f.rel);
    if ('ignored' in c) ignored.push({ file: f.rel, reason: c.ignored });
    else if (f.size > MAX_PHOTO_BYTES) rejected.push({ file: f.rel, reason: `too large for a photo (${Math.round(f.size / 1e6)} MB)` });
    else items.push({ original: f.rel, cls: c.cls, size: f.size, filePath: f.abs });
  }
  const facts = { size, fingerprint: fingerprint.digest('hex') };

  return {
    kind: 'folder',
    path: root,
    items,
    ignored,
    rejected,
    facts,
    read: async (item) => {
      try {
        return await fs.readFile(item.filePath!);
      } catch (err) {
        throw new ItemProblem(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    },
    close: async () => facts,
    dispose: async () => undefined,
  };
}
