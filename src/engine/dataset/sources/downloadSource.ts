/**
 * A URL as a source: the archive is downloaded once into <cacheDir>/downloads/<url-hash>/<name>
 * (resumed if a partial download is there, restarted cleanly otherwise) and then read like a local zip.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { EngineError, throwIfCancelled } from '../../errors';
import type { EventSink } from '../../events';
import { checkDownloadUrl, download, hashFile } from '../../net/download';
import { RateMeter } from '../rateMeter';
import { safeFileName } from '../outputNames';
import { findKnownArchive } from './knownArchives';

export function isUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/** Where the archive from `url` is kept in the cache. */
export function cachedArchivePath(cacheDir: string, url: string): string {
  const known = findKnownArchive(url);
  const parsed = new URL(url);
  const name = known?.fileName ?? safeFileName(decodeURIComponent(parsed.pathname.split('/').pop() || 'download.zip'));
  const key = createHash('sha256').update(url).digest('hex').slice(0, 12);
  return join(cacheDir, 'downloads', key, name);
}

export interface FetchOptions {
  cacheDir: string;
  sha256?: string;
  signal: AbortSignal;
  emit: EventSink;
  allowedHosts?: readonly string[];
}

/** Returns the path of the downloaded archive, downloading it unless the cache already holds it. */
export async function fetchArchive(url: string, opts: FetchOptions): Promise<string> {
  checkDownloadUrl(url, opts.allowedHosts);
  const file = cachedArchivePath(opts.cacheDir, url);
  const expected = (opts.sha256 ?? findKnownArchive(url)?.sha256)?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
    throw new EngineError('config', `"${opts.sha256}" is not a sha256 (64 hex digits).`, 'Give the sha256 the archive is published with, or leave it out.');
  }
  const have = await fs.stat(file).then((s) => s.isFile(), () => false);
  if (have) {
    if (!expected || (await hashFile(file, 'sha256')) === expected) {
      opts.emit({ type: 'log', level: 'info', message: `Using the archive downloaded earlier: ${file}` });
      return file;
    }
    opts.emit({ type: 'log', level: 'warn', message: `The cached ${file} does not have the expected sha256; downloading it again.` });
    await fs.rm(file, { force: true });
  }
  opts.emit({ type: 'log', level: 'info', message: `Downloading ${url} to ${file}` });
  const meter = new RateMeter();
  let last = 0;
  await download(url, file, {
    hash: expected ? { algorithm: 'sha256', hex: expected } : undefined,
    signal: opts.signal,
    allowedHosts: opts.allowedHosts,
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - last < 250 && done !== total) return;
      last = now;
      opts.emit({ type: 'progress', phase: 'download', done, total: total ?? 0, unit: 'bytes', ...meter.update(done, total), message: url });
    },
  });
  throwIfCancelled(opts.signal);
  return file;
}
