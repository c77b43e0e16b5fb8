/**
 * The `cache` job: what the per-user cache folder holds (its folders' sizes, and each backbone
 * configuration's cached features), and clearing the feature cache, all of it or one key.
 * Only the features are ever cleared here: downloaded weights are re-downloadable but large, and the
 * other folders (exported ONNX graphs, file digests) are small and rebuilt on demand.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { CacheJob, CacheReport, CachedFeatures } from '../../shared/protocol/engine';
import { EngineError } from '../errors';
import type { JobContext } from '../events';
import { FeatureCache, FEATURES_DIR, type ModelCacheInfo } from '../features/cache';
import { isModelKey } from '../features/key';
import { resolveCacheDir } from './paths';

/** Bytes of the regular files below `dir` (links are not followed); 0 when it does not exist. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await fs.stat(path).catch(() => undefined))?.size ?? 0;
  }
  return total;
}

/** "VGG16 150x150, caffe -> 4x4x512", "MobileNet 0.75 224x224, tf -> 7x7x768 (conv_pw_13_relu)". */
export function featuresLabel(model: ModelCacheInfo): string {
  const spec = model.spec;
  if (!spec) return `${model.key} (no description: meta.json is missing)`;
  const alpha = spec.alpha !== undefined ? ` ${spec.alpha}` : '';
  const layer = spec.outputLayer ? ` (${spec.outputLayer})` : '';
  return `${spec.architecture}${alpha} ${spec.inputSize[0]}x${spec.inputSize[1]}, ${spec.preprocessing} -> ${spec.featureShape.join('x')}${layer}`;
}

/** "random (seed 42)" or "sha256 5c713c8d394d" from a backbone's weightsId. */
export function weightsLabel(weightsId: string | undefined): string {
  if (!weightsId) return 'unknown';
  const random = /^random-(\d+)/.exec(weightsId);
  if (random) return `random (seed ${random[1]})`;
  const hash = /^([0-9a-f]{12})[0-9a-f]*/.exec(weightsId);
  return hash ? `sha256 ${hash[1]}` : weightsId;
}

export async function cacheReport(cacheDir: string): Promise<CacheReport> {
  const dir = resolveCacheDir(cacheDir);
  const features = await new FeatureCache(dir).info();
  const entries = (await fs.readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
  const parts: CacheReport['parts'] = [];
  let looseBytes = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) parts.push({ name: entry.name, dir: path, bytes: entry.name === FEATURES_DIR ? features.bytes : await folderBytes(path) });
    else if (entry.isFile()) looseBytes += (await fs.stat(path).catch(() => undefined))?.size ?? 0;
  }
  const cached: CachedFeatures[] = features.models.map((m) => ({
    key: m.key,
    label: featuresLabel(m),
    weights: weightsLabel(m.spec?.weightsId),
    bytes: m.bytes,
    photos: m.entries,
    damagedShards: m.damagedShards,
    ...(m.lastWritten ? { lastWritten: m.lastWritten } : {}),
  }));
  return { dir, bytes: parts.reduce((a, p) => a + p.bytes, looseBytes), parts, features: cached };
}

/** Deletes the features of one key, or of every key; returns the bytes freed. */
export async function clearFeatures(cacheDir: string | undefined, key?: string): Promise<number> {
  const cache = new FeatureCache(resolveCacheDir(cacheDir));
  if (key !== undefined) {
    if (!isModelKey(key)) throw new EngineError('config', `"${key}" is not a feature cache key.`, 'Run `cats-dogs cache` to list the keys.');
    const known = (await cache.info()).models.some((m) => m.key === key);
    if (!known) throw new EngineError('config', `The feature cache in ${cache.dir} has no key "${key}".`, 'Run `cats-dogs cache` to list the keys.');
  }
  return cache.clear(key);
}

export async function runCacheJob(job: CacheJob, ctx: JobContext): Promise<void> {
  const cacheDir = resolveCacheDir(job.cacheDir);
  let freedBytes: number | undefined;
  if (job.action === 'clear') freedBytes = await clearFeatures(cacheDir, job.key);
  ctx.emit({ type: 'cache', report: await cacheReport(cacheDir), ...(freedBytes !== undefined ? { freedBytes } : {}) });
}
