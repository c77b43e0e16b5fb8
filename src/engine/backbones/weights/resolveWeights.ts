/**
 * Turns `backbone.weights` into a file on disk: "imagenet" (Keras's official file, downloaded once
 * into the per-user cache), a URL (downloaded into the cache), or a path (relative to the config's
 * folder). Files are checked before use: MD5 where one is known, HDF5 header otherwise.
 * Hosts: the official file comes from the default hosts only; a URL written in the config may use its
 * own https host (and subdomains) as well — the user chose it — but never plain http, a redirect to
 * another host, or model.json shards named by absolute URL (see hostsForUserUrl).
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError, throwIfCancelled } from '../../errors';
import { weightsCacheDir } from '../../cache/paths';
import { fileDigests } from '../../cache/fileDigests';
import { download, hostsForUserUrl } from '../../net/download';
import type { KerasArchitecture } from '../architectures';
import { checkHdf5Header } from './hdf5Header';
import { describeHeaderProblem } from './kerasH5';
import { officialWeights, officialWeightsUrl } from './officialWeights';

export type WeightsFormat = 'h5' | 'tfjs';

export interface ResolvedWeightsFile {
  format: WeightsFormat;
  /** The .h5 file, or the model.json (its shards beside it). */
  file: string;
  /** What the user named: "imagenet", the URL or the path. */
  label: string;
  /** MD5 the file must have, if known (already checked). */
  md5?: string;
}

export interface ProgressEvent {
  phase: 'download' | 'load';
  done: number;
  total?: number;
  message?: string;
}

export interface ResolveOptions {
  configDir: string;
  cacheDir: string;
  weightsMd5?: string;
  weightsBaseUrl?: string;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
}

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** "model.json"-like names are TensorFlow.js models; anything else is taken for a Keras .h5. */
export function formatFromName(name: string): WeightsFormat | undefined {
  const ext = extname(name.split(/[?#]/)[0]).toLowerCase();
  if (ext === '.json') return 'tfjs';
  if (ext === '.h5' || ext === '.hdf5' || ext === '.keras') return 'h5';
  return undefined;
}

async function sniffFormat(file: string): Promise<WeightsFormat> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buf, 0, 16, 0);
    const head = buf.subarray(0, bytesRead).toString('latin1').trimStart();
    return head.startsWith('{') ? 'tfjs' : 'h5';
  } finally {
    await handle.close();
  }
}

async function downloadWithProgress(url: string, dest: string, md5: string | undefined, opts: ResolveOptions, allowedHosts?: readonly string[]): Promise<void> {
  const name = basename(dest);
  opts.onProgress?.({ phase: 'download', done: 0, message: `Downloading ${name}` });
  await download(url, dest, {
    hash: md5 ? { algorithm: 'md5', hex: md5 } : undefined,
    signal: opts.signal,
    allowedHosts,
    onProgress: (done, total) => opts.onProgress?.({ phase: 'download', done, total, message: `Downloading ${name}` }),
  });
}

/** A cached .h5 is usable if its MD5 (when known) matches, else if its HDF5 header is whole. */
async function cachedH5IsGood(file: string, md5: string | undefined, cacheDir: string): Promise<boolean> {
  if (!existsSync(file)) return false;
  if (md5) return (await fileDigests(file, cacheDir)).md5 === md5.toLowerCase();
  return (await checkHdf5Header(file)).ok;
}

/** Downloads an .h5 into the cache unless a good copy is there; rejects a download that is not whole HDF5. */
async function fetchH5(url: string, dest: string, md5: string | undefined, opts: ResolveOptions, allowedHosts?: readonly string[]): Promise<void> {
  if (await cachedH5IsGood(dest, md5, opts.cacheDir)) return;
  await fs.rm(dest, { force: true });
  await downloadWithProgress(url, dest, md5, opts, allowedHosts);
  const problem = describeHeaderProblem(url, await checkHdf5Header(dest));
  if (problem) {
    await fs.rm(dest, { force: true });
    throw new EngineError('download', `The file downloaded from ${url} is not a usable Keras weight file: ${problem.message}`, 'Check the URL; it must point at a Keras .h5 file.');
  }
}

interface Manifest {
  weightsManifest?: Array<{ paths: string[] }>;
}

/** Downloads a TensorFlow.js model.json and its weight shards into one cache folder. */
async function fetchTfjsModel(url: string, dir: string, opts: ResolveOptions): Promise<string> {
  const modelJson = join(dir, 'model.json');
  const complete = join(dir, '.complete');
  // backbone.weightsMd5, when given, is the model.json's MD5 (as for a model.json on disk).
  const md5 = opts.weightsMd5?.toLowerCase();
  if (existsSync(complete) && existsSync(modelJson) && (!md5 || (await fileDigests(modelJson, opts.cacheDir)).md5 === md5)) return modelJson;
  await fs.rm(complete, { force: true });
  await fs.mkdir(dir, { recursive: true });
  await downloadWithProgress(url, modelJson, md5, opts, hostsForUserUrl(url));
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fs.readFile(modelJson, 'utf8')) as Manifest;
  } catch {
    await fs.rm(modelJson, { force: true });
    throw new EngineError('weights', `${url} is not a TensorFlow.js model.json (not JSON).`, 'Give the address of a layers-format model.json.');
  }
  for (const group of manifest.weightsManifest ?? []) {
    for (const p of group.paths) {
      throwIfCancelled(opts.signal);
      // Shards sit beside model.json: a relative path, never another host, never out of the folder.
      if (typeof p !== 'string' || p.includes('..') || isAbsolute(p) || /^[a-z][a-z0-9+.-]*:|^[\\/]/i.test(p)) {
        throw new EngineError('weights', `${url} names an unsafe weight path "${p}".`, 'A model.json lists its weight files by names relative to itself; this one was refused.');
      }
      await downloadWithProgress(new URL(p, url).toString(), join(dir, p), undefined, opts, hostsForUserUrl(url));
    }
  }
  await fs.writeFile(complete, '');
  return modelJson;
}

function urlCacheKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

export async function resolveWeightsFile(weights: string, arch: KerasArchitecture | 'custom', alpha: number, inputSize: [number, number], opts: ResolveOptions): Promise<ResolvedWeightsFile> {
  const cache = weightsCacheDir(opts.cacheDir);
  const md5 = opts.weightsMd5?.toLowerCase();

  if (weights === 'imagenet') {
    if (arch === 'custom') throw new EngineError('config', 'A custom backbone has no ImageNet weights.', 'Set backbone.weights to the path or URL of a model.json or Keras .h5 file.', 'backbone.weights');
    const official = officialWeights(arch, alpha, inputSize);
    const dest = join(cache, official.file);
    await fetchH5(officialWeightsUrl(official, opts.weightsBaseUrl), dest, official.md5, opts);
    return { format: 'h5', file: dest, label: 'imagenet', md5: official.md5 };
  }

  if (isUrl(weights)) {
    const format = formatFromName(new URL(weights).pathname) ?? 'h5';
    const key = urlCacheKey(weights);
    if (format === 'tfjs') {
      const file = await fetchTfjsModel(weights, join(cache, `url-${key}`), opts);
      return { format, file, label: weights };
    }
    const name = basename(new URL(weights).pathname) || 'weights.h5';
    const dest = join(cache, `url-${key}-${name}`);
    await fetchH5(weights, dest, md5, opts, hostsForUserUrl(weights));
    return { format, file: dest, label: weights, md5 };
  }

  let file = weights.startsWith('file:') ? fileURLToPath(weights) : resolve(opts.configDir, weights);
  let stat = await fs.stat(file).catch(() => undefined);
  if (stat?.isDirectory()) {
    // A folder holding a TensorFlow.js model: its model.json.
    file = join(file, 'model.json');
    stat = await fs.stat(file).catch(() => undefined);
  }
  if (!stat?.isFile()) {
    throw new EngineError('weights', `Weights file not found: ${file}.`, 'backbone.weights is a path relative to the config file, a URL, "imagenet" or null.', file);
  }
  if (md5) {
    const actual = (await fileDigests(file, opts.cacheDir)).md5;
    if (actual !== md5) throw new EngineError('weights', `${file} has MD5 ${actual}, but backbone.weightsMd5 expects ${md5}.`, 'The file is not the one the config names: replace it, or correct backbone.weightsMd5.', file);
  }
  return { format: formatFromName(file) ?? (await sniffFormat(file)), file, label: weights, md5 };
}
