/**
 * "Prepare Dataset": from Kaggle's train.zip, a folder or a download to
 * <out>/{train,validation,test}/{cats,dogs} plus <out>/dataset.json. Built in a work folder beside the
 * target and renamed into place at the end, so a crash or a cancel never leaves half a dataset; run again
 * with the same settings it changes nothing and says so.
 */
import { existsSync, promises as fs } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { PrepareJob } from '../../shared/protocol/engine';
import { resolveCacheDir } from '../cache/paths';
import { EngineError, throwIfCancelled } from '../errors';
import type { EventSink } from '../events';
import { hashFile } from '../net/download';
import { ENGINE_VERSION } from '../version';
import { buildDataset, defaultBuildDeps, type BuildDeps } from './build';
import { mapWriteError } from './ioErrors';
import { MANIFEST_FILE, MANIFEST_VERSION, formatManifest, type DatasetManifest, type ManifestSource } from './manifest';
import { compareSource, describeDifferences, type SourceIdentity } from './manifestCompare';
import { RateMeter } from './rateMeter';
import { checkRatios } from './splitMath';
import { cachedArchivePath, fetchArchive, isUrl } from './sources/downloadSource';
import { findKnownArchive } from './sources/knownArchives';
import { openFolderSource } from './sources/folderSource';
import type { OpenedSource } from './sources/types';
import { openZipSource } from './sources/zipSource';
import { cleanStale, createWorkFolder, inspectTarget, looksLikeDataset, swapIntoPlace, type TargetState } from './target';
import type { PreparedSummary } from './types';
import { verifyDataset } from './verify';

export { readDatasetLayout, type DatasetLayout } from './layout';
export { readManifest, type DatasetManifest } from './manifest';
export { KNOWN_ARCHIVES, type KnownArchive } from './sources/knownArchives';
export { DEFAULT_SEED, DEFAULT_SPLIT, type PreparedSummary } from './types';

/** Test seams: file writes (to simulate a full disk), links, concurrency, allowed download hosts. */
export interface PrepareDeps extends BuildDeps {
  allowedHosts?: readonly string[];
}

function checkJob(job: PrepareJob): void {
  const bad = (message: string, hint: string): EngineError => new EngineError('config', message, hint);
  if (typeof job.source !== 'string' || job.source.trim() === '') throw bad('No source given.', "Give Kaggle's train.zip, a folder of cat and dog photos, or an https:// URL.");
  if (typeof job.out !== 'string' || job.out.trim() === '') throw bad('No output folder given.', 'Give the folder to create, e.g. cats_vs_dogs.');
  const ratios = checkRatios(job.split);
  if (ratios) throw bad(`Invalid split: ${ratios}.`, 'For example 70,15,15 (train, validation, test).');
  if (!Number.isInteger(job.seed) || job.seed < 0 || job.seed > 0xffffffff) throw bad(`Invalid seed ${job.seed}: it must be a whole number from 0 to 4294967295.`, 'For example 42.');
  if (job.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(job.sha256)) throw bad(`"${job.sha256}" is not a sha256 (64 hex digits).`, 'Give the sha256 the archive is published with, or leave it out.');
}

/** True when `inner` is `outer` or lies inside it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

interface LocalSource {
  identity: SourceIdentity;
  open(): Promise<OpenedSource>;
}

/**
 * What identifies a local source, and how to open it. A folder is listed now (its fingerprint needs the
 * listing); a zip only needs stat, so an unchanged re-run never reads its directory.
 */
async function findLocalSource(path: string, out: string): Promise<LocalSource> {
  const st = await fs.stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
      throw new EngineError('dataset', `The source ${path} does not exist.`, "Give the path of Kaggle's train.zip, a folder of cat and dog photos, or an https:// URL.", path);
    }
    throw new EngineError('io', `Cannot read the source ${path}: ${err.message}`, 'Check that you may read it.', path);
  });
  if (isWithin(path, out)) {
    throw new EngineError('dataset', `The source ${path} is inside the output folder ${out}.`, 'Choose an output folder outside the source (replacing the dataset would delete the source).', path);
  }
  if (st.isDirectory()) {
    // The dataset may be made inside the source folder: never read it (or its work folders) as photos.
    const folder = await openFolderSource(path, (abs) => abs === out || abs.startsWith(`${out}.tmp-`) || abs.startsWith(`${out}.old-`));
    return { identity: { kind: 'folder', path, ...folder.facts }, open: async () => folder };
  }
  if (st.isFile()) return { identity: { kind: 'zip', path, size: st.size, mtimeMs: st.mtimeMs }, open: () => openZipSource(path) };
  throw new EngineError('dataset', `The source ${path} is neither a file nor a folder.`, 'Give a zip file or a folder.', path);
}

function progressEmitter(emit: EventSink): (done: number, total: number) => void {
  const meter = new RateMeter();
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 200 && done !== total && done !== 0) return;
    last = now;
    emit({ type: 'progress', phase: 'prepare', done, total, unit: 'photos', ...meter.update(done, total) });
  };
}

export async function prepareDataset(job: PrepareJob, ctx: { emit: EventSink; signal: AbortSignal }, seams: Partial<PrepareDeps> = {}): Promise<PreparedSummary> {
  const started = Date.now();
  checkJob(job);
  const deps: BuildDeps = { ...defaultBuildDeps, ...seams };
  const { emit, signal } = ctx;
  const log = (level: 'info' | 'warn', message: string): void => emit({ type: 'log', level, message });
  const out = resolve(job.out);
  // An id such as "cats-and-dogs-filtered" means the download, unless a file or folder has that name.
  const known = existsSync(resolve(job.source)) ? undefined : findKnownArchive(job.source);
  const url = known?.url ?? (isUrl(job.source) ? job.source : undefined);
  const cacheDir = resolveCacheDir(job.cacheDir);

  for (const m of await cleanStale(out)) log('info', m);
  const target = await inspectTarget(out);

  const local = url ? undefined : await findLocalSource(resolve(job.source), out);
  const identity: SourceIdentity = local?.identity ?? { kind: 'download', path: cachedArchivePath(cacheDir, url!), url, sha256: job.sha256?.toLowerCase() };
  let source: OpenedSource | undefined;

  try {
    const existing = await checkExisting(target, identity, job, out, log);
    if (existing.unchanged) return finishUnchanged(out, existing.unchanged, started, emit);

    if (local) {
      source = await local.open();
    } else {
      const file = await fetchArchive(url!, { cacheDir, sha256: job.sha256, signal, emit, allowedHosts: seams.allowedHosts });
      source = await openZipSource(file);
    }
    const src = source;
    if (job.sha256 && src.kind === 'folder') log('warn', 'The expected sha256 applies to an archive; it is not checked for a folder.');
    const n = { cats: 0, dogs: 0 };
    for (const item of src.items) n[item.cls]++;
    log('info', `Found ${n.cats} cat and ${n.dogs} dog photos in ${src.path}` + (src.ignored.length ? `; ${src.ignored.length} other files ignored.` : '.'));

    const work = await createWorkFolder(out).catch((err) => {
      throw mapWriteError(err, `${out}.tmp-*`, out);
    });
    try {
      const checkStarted = Date.now();
      const result = await buildDataset(
        { source: src, work, out, seed: job.seed, split: job.split, copy: !!job.copy, signal, onProgress: progressEmitter(emit), onLog: log },
        deps,
      );
      const checkSeconds = (Date.now() - checkStarted) / 1000;
      const facts = await src.close();
      if (job.sha256 && facts.sha256 && facts.sha256 !== job.sha256.toLowerCase()) {
        throw new EngineError('dataset', `${src.path} has sha256 ${facts.sha256}, expected ${job.sha256}.`, 'The archive is damaged or a different file: get it again, or check the expected hash.', src.path);
      }
      throwIfCancelled(signal);
      const recorded: ManifestSource = { kind: url ? 'download' : src.kind, path: src.path, ...(url ? { url } : {}), ...facts };
      const seconds = (Date.now() - started) / 1000;
      const manifest: DatasetManifest = {
        version: MANIFEST_VERSION,
        tool: { name: 'cats-dogs', version: ENGINE_VERSION },
        createdAt: new Date().toISOString(),
        source: recorded,
        seed: job.seed,
        split: [job.split[0], job.split[1], job.split[2]],
        counts: result.counts,
        linked: result.linked,
        rejected: result.rejected,
        ignored: { count: src.ignored.length, examples: src.ignored.slice(0, 20) },
        stats: { seconds: round(seconds), photosPerSecond: round(result.checked / Math.max(checkSeconds, 1e-3)) },
        photos: result.photos,
      };
      const manifestPath = join(work, MANIFEST_FILE);
      await deps.writeFile(manifestPath, formatManifest(manifest)).catch((err) => {
        throw mapWriteError(err, manifestPath, out);
      });
      throwIfCancelled(signal);
      await swapIntoPlace(work, out, (m) => log('warn', m)).catch((err: NodeJS.ErrnoException) => {
        throw new EngineError(
          'io',
          `Could not move the new dataset into place at ${out} (${err.code ?? err.message}).`,
          'Close programs that use files in it (an image viewer, a terminal opened inside it) and try again; the previous dataset, if any, was kept.',
          out,
        );
      });
      const summary: PreparedSummary = {
        out,
        manifestPath: resolve(out, MANIFEST_FILE),
        unchanged: false,
        counts: result.counts,
        photos: result.photos.length,
        rejected: result.rejected,
        ignored: src.ignored.length,
        seconds: round((Date.now() - started) / 1000),
        photosPerSecond: manifest.stats.photosPerSecond,
      };
      emitPrepared(emit, summary);
      return summary;
    } catch (err) {
      await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
      throw err;
    }
  } finally {
    await source?.dispose();
  }
}

/**
 * Decides what to do with what is already at `out`: nothing (the same dataset, intact), rebuild it, or
 * refuse with what differs and how to replace it. Never deletes anything itself.
 */
async function checkExisting(
  target: TargetState,
  identity: SourceIdentity,
  job: PrepareJob,
  out: string,
  log: (level: 'info' | 'warn', message: string) => void,
): Promise<{ unchanged?: DatasetManifest }> {
  const replaceHint = 'Run again with --replace ("replace": true) to rebuild it from the source (the current one is deleted only once the new one is complete), or choose another output folder.';
  if (target.kind === 'absent' || target.kind === 'empty') return {};
  if (target.kind === 'unmanaged' || target.kind === 'damaged') {
    if (!looksLikeDataset(target.entries)) {
      const some = target.entries.slice(0, 5).join(', ') + (target.entries.length > 5 ? ', ...' : '');
      throw new EngineError('dataset', `${out} already holds other files (${some}); refusing to replace a folder that prepare did not make.`, 'Choose a new or empty folder for the dataset.', out);
    }
    if (job.replace) return {};
    if (target.kind === 'damaged') throw target.error;
    throw new EngineError('dataset', `${out} already holds a dataset without ${MANIFEST_FILE}, so it cannot tell how it was made.`, replaceHint, out);
  }
  const m = target.manifest;
  let verdict = compareSource(m.source, identity);
  if (verdict === 'needs-hash') {
    identity.sha256 = await hashFile(identity.path, 'sha256');
    verdict = compareSource(m.source, identity);
  }
  const diffs = describeDifferences(m, { source: identity, seed: job.seed, split: job.split }, verdict);
  if (diffs.length > 0) {
    if (!job.replace) throw new EngineError('dataset', `${out} already holds a dataset made with other settings: ${diffs.join('; ')}.`, replaceHint, out);
    log('info', `Replacing ${out}: ${diffs.join('; ')}.`);
    return {};
  }
  const problems = await verifyDataset(out, m);
  if (problems.length === 0) return { unchanged: m };
  if (!job.replace) throw new EngineError('dataset', `${out} no longer matches its manifest: ${problems.join('; ')}.`, replaceHint, out);
  log('info', `Rebuilding ${out}: ${problems.join('; ')}.`);
  return {};
}

const round = (x: number): number => Math.round(x * 100) / 100;

function finishUnchanged(out: string, m: DatasetManifest, started: number, emit: EventSink): PreparedSummary {
  const summary: PreparedSummary = {
    out,
    manifestPath: resolve(out, MANIFEST_FILE),
    unchanged: true,
    counts: m.counts,
    photos: m.photos.length,
    rejected: m.rejected,
    ignored: m.ignored?.count ?? 0,
    seconds: round((Date.now() - started) / 1000),
    photosPerSecond: 0,
  };
  emit({ type: 'log', level: 'info', message: `${out} already holds this dataset (same source, seed and split): nothing to do.` });
  emitPrepared(emit, summary);
  return summary;
}

function emitPrepared(emit: EventSink, s: PreparedSummary): void {
  emit({
    type: 'prepared',
    out: s.out,
    counts: s.counts,
    rejected: s.rejected,
    unchanged: s.unchanged,
    seconds: s.seconds,
    ignored: s.ignored,
    photosPerSecond: s.photosPerSecond,
    manifest: s.manifestPath,
  });
}
