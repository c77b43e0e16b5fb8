/**
 * MD5 and SHA-256 of a file, computed in one pass and remembered in <cacheDir>/digests/ keyed by the
 * file's absolute path, size and modification time, so a 200 MB weight file is hashed once, not on
 * every run.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../shared/node/atomicWrite';

export interface FileDigests {
  md5: string;
  sha256: string;
  size: number;
}

interface Remembered extends FileDigests {
  path: string;
  mtimeMs: number;
}

export async function hashFileDigests(file: string): Promise<FileDigests> {
  const md5 = createHash('md5');
  const sha = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    md5.update(chunk as Buffer);
    sha.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { md5: md5.digest('hex'), sha256: sha.digest('hex'), size };
}

function recordPath(cacheDir: string, file: string): string {
  return join(cacheDir, 'digests', `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.json`);
}

/** The file's digests, from the record when size and mtime still match, else hashed (and recorded). */
export async function fileDigests(file: string, cacheDir?: string): Promise<FileDigests> {
  const abs = resolve(file);
  const stat = await fs.stat(abs);
  const record = cacheDir ? recordPath(cacheDir, abs) : undefined;
  if (record) {
    try {
      const r = JSON.parse(await fs.readFile(record, 'utf8')) as Remembered;
      if (r.path === abs && r.size === stat.size && r.mtimeMs === stat.mtimeMs && r.md5 && r.sha256) return { md5: r.md5, sha256: r.sha256, size: r.size };
    } catch {
      // no record yet, or an unreadable one: hash below
    }
  }
  const digests = await hashFileDigests(abs);
  if (record) {
    const remembered: Remembered = { path: abs, mtimeMs: stat.mtimeMs, ...digests };
    await writeFileAtomic(record, JSON.stringify(remembered)).catch(() => undefined);
  }
  return digests;
}
