/**
 * Frozen-backbone features for a list of photos, through the feature cache: hash every photo, read
 * the features of those already cached (checked), decode and run the backbone on the rest only,
 * write those to the cache, and hand back random access to all of them.
 */
import { totalmem } from 'node:os';
import { EngineError, checkpoint, throwIfCancelled } from '../errors';
import { describeDecodeError } from '../images/decode';
import { imageBatches, type FailedPhoto } from '../images/batches';
import { hashFile } from '../net/download';
import { createLimiter } from '../util/limit';
import { createRateMeter } from '../util/rate';
import type { FeatureCache, FeatureWriter, ModelFeatureCache } from './cache';
import type { FeatureExtractor } from './extractor';
import { encodeFeatures } from './float16';
import { featureModelKey, type FeatureKeySpec } from './key';
import { DiskFeatureStore, MemoryFeatureStore, type FeatureStorage, type FeatureStore } from './store';

export interface ExtractOptions {
  /** What the features depend on besides the photo (the cache key). Must match the extractor. */
  key: FeatureKeySpec;
  /** Photos per backbone call (capped by extractor.maxBatch). */
  batchSize: number;
  signal?: AbortSignal;
  /** Called while photos are hashed (before any lookup): files hashed so far, total. */
  onHashing?: (done: number, total: number) => void;
  /** Called after each batch: photos done (cached ones count at once), total, photos/s, seconds left. */
  onProgress?: (done: number, total: number, rate: number | undefined, etaSeconds: number | undefined) => void;
  /**
   * The sha256 (hex) of a photo's content when already known (the dataset manifest), else undefined
   * and the file is hashed. Only pass hashes that are checked against the files' current content.
   */
  photoHash?: (file: string, index: number) => string | undefined;
  /**
   * Where the returned rows live: 'memory' (float16 in RAM), 'disk' (read from the cache on demand;
   * needs a cache), or 'auto' (default): memory when the rows fit `memoryBudgetBytes`, else disk.
   */
  storage?: FeatureStorage | 'auto';
  /** RAM the rows may take in 'auto' (default: a quarter of the machine's memory, at most 4 GiB). */
  memoryBudgetBytes?: number;
  /** Photos decoded at once and batches decoded ahead (see imageBatches). */
  decodeConcurrency?: number;
  prefetch?: number;
  /** Problems that do not stop the run (the cache cannot be written, damaged shards dropped...). */
  onWarning?: (message: string) => void;
}

export interface ExtractResult {
  /** Rows by position in `files`; skipped photos have none. */
  features: FeatureStore;
  /** Positions in `files` that have features, ascending. */
  kept: number[];
  /** Photos that could not be read or decoded, with why (for the `skipped` event). */
  skipped: FailedPhoto[];
  /** Photos whose features came from the cache / were computed now. */
  hits: number;
  misses: number;
  modelKey: string;
  /** The model key's cache folder, when a cache was used. */
  cacheDir?: string;
  seconds: number;
}

const HASH_CONCURRENCY = 8;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function hashPhotos(files: readonly string[], options: ExtractOptions, skipped: FailedPhoto[]): Promise<Array<string | undefined>> {
  const limiter = createLimiter(HASH_CONCURRENCY);
  let done = 0;
  let reported = 0;
  const report = () => {
    done++;
    // At most ~100 reports however many photos there are.
    if (options.onHashing && (done === files.length || done - reported >= Math.max(1, files.length / 100))) {
      reported = done;
      options.onHashing(done, files.length);
    }
  };
  return Promise.all(
    files.map((file, index) =>
      limiter.run(async () => {
        if (options.signal?.aborted) return undefined;
        try {
          const known = options.photoHash?.(file, index);
          if (known && /^[0-9a-f]{64}$/.test(known)) return known;
          return await hashFile(file, 'sha256');
        } catch (err) {
          skipped.push({ index, file, reason: describeDecodeError(err) });
          return undefined;
        } finally {
          report();
        }
      }),
    ),
  );
}

function chooseStorage(options: ExtractOptions, bytes: number, haveCache: boolean): FeatureStorage {
  const wanted = options.storage ?? 'auto';
  if (wanted === 'disk' && !haveCache) {
    throw new EngineError('config', 'Reading features from disk needs the feature cache, which is off or unavailable.', 'Turn the feature cache on, or keep the features in memory.');
  }
  if (wanted !== 'auto') return wanted;
  const budget = options.memoryBudgetBytes ?? Math.min(totalmem() / 4, 4 * 1024 ** 3);
  return bytes <= budget || !haveCache ? 'memory' : 'disk';
}

export async function extractFeatures(
  files: readonly string[],
  extractor: FeatureExtractor,
  cache: FeatureCache | undefined,
  options: ExtractOptions,
): Promise<ExtractResult> {
  const started = Date.now();
  const { key, signal } = options;
  const warn = options.onWarning ?? (() => undefined);
  if (extractor.inputSize[0] !== key.inputSize[0] || extractor.inputSize[1] !== key.inputSize[1] || !sameShape(extractor.featureShape, key.featureShape)) {
    throw new EngineError('internal', `The extractor (${extractor.inputSize.join('x')} -> ${extractor.featureShape.join('x')}) does not match the feature key (${key.inputSize.join('x')} -> ${key.featureShape.join('x')}).`);
  }
  const modelKey = featureModelKey(key);
  const rowLength = key.featureShape.reduce((a, b) => a * b, 1);
  const total = files.length;
  const skipped: FailedPhoto[] = [];

  const hashes = await hashPhotos(files, options, skipped);
  throwIfCancelled(signal);

  let model: ModelFeatureCache | undefined;
  if (cache) {
    try {
      model = await cache.open(key);
      if (model.damaged.length) warn(`Discarded ${model.damaged.length} damaged feature cache shard(s) in ${model.dir} (${model.damaged[0].reason}); their photos are recomputed.`);
    } catch (err) {
      if (!(err instanceof EngineError) || err.code !== 'io') throw err;
      warn(`${err.message} Continuing without the feature cache.`);
    }
  }
  const storage = chooseStorage(options, total * rowLength * 2, model !== undefined);
  const memory = storage === 'memory' ? new MemoryFeatureStore(total, key.featureShape) : undefined;

  // Photos by content: duplicates (the same photo under two names) are computed once.
  const rowsByHash = new Map<string, number[]>();
  hashes.forEach((hash, index) => {
    if (hash === undefined) return;
    const rows = rowsByHash.get(hash);
    if (rows) rows.push(index);
    else rowsByHash.set(hash, [index]);
  });

  let hits = 0;
  let missing: string[] = [...rowsByHash.keys()];
  if (model) {
    // Every cached row is read and checked now, in memory mode and disk mode alike, so a damaged
    // record is recomputed before training starts rather than discovered in the middle of it.
    missing = await model.readMany(
      missing,
      (hash, row) => {
        const rows = rowsByHash.get(hash)!;
        if (memory) for (const index of rows) memory.set(index, row);
        hits += rows.length;
      },
      signal,
    );
    missing.sort((a, b) => rowsByHash.get(a)![0] - rowsByHash.get(b)![0]);
  }
  throwIfCancelled(signal);
  if (model && model.badRecords) warn(`${model.badRecords} damaged record(s) in the feature cache were dropped; their photos are recomputed.`);

  let done = hits + skipped.length;
  const meter = createRateMeter();
  meter.update(done);
  options.onProgress?.(done, total, undefined, undefined);

  let writer: FeatureWriter | undefined = model?.createWriter();
  let misses = 0;
  let clamped = 0;
  const missFiles = missing.map((hash) => files[rowsByHash.get(hash)![0]]);
  let failure: unknown;
  try {
    const batches = imageBatches(missFiles, {
      size: key.inputSize,
      batchSize: Math.max(1, Math.min(options.batchSize, extractor.maxBatch)),
      method: key.resize,
      concurrency: options.decodeConcurrency,
      prefetch: options.prefetch,
      signal,
    });
    for await (const batch of batches) {
      await checkpoint(signal);
      for (const problem of batch.failed) {
        const rows = rowsByHash.get(missing[problem.index])!;
        for (const index of rows) skipped.push({ index, file: files[index], reason: problem.reason });
        done += rows.length;
      }
      const count = batch.indices.length;
      if (count > 0) {
        const output = await extractor.extract(batch.pixels, count);
        if (output.length !== count * rowLength) {
          throw new EngineError('internal', `${extractor.name} returned ${output.length} values for ${count} photos; expected ${count * rowLength}.`);
        }
        const halves = new Uint16Array(count * rowLength);
        clamped += encodeFeatures(output, halves);
        const batchHashes = batch.indices.map((i) => missing[i]);
        batchHashes.forEach((hash, i) => {
          const rows = rowsByHash.get(hash)!;
          if (memory) for (const index of rows) memory.set(index, halves.subarray(i * rowLength, (i + 1) * rowLength));
          misses += rows.length;
          done += rows.length;
        });
        if (writer) {
          try {
            await writer.append(batchHashes, halves);
          } catch (err) {
            if (!memory) throw err;
            warn(`${(err as Error).message} Continuing without writing the feature cache.`);
            writer = undefined;
          }
        }
      }
      const rate = meter.update(done);
      options.onProgress?.(done, total, rate, meter.eta(total - done));
    }
  } catch (err) {
    failure = err;
  } finally {
    try {
      await writer?.close();
    } catch (err) {
      if (!memory && failure === undefined) failure = err;
      else warn(`${(err as Error).message} The features computed are not cached.`);
    }
  }
  if (failure !== undefined) {
    await model?.close();
    throw failure;
  }
  if (clamped) warn(`${clamped} feature value(s) beyond +-65504 were clamped to fit float16.`);

  let features: FeatureStore;
  if (memory) {
    await model?.close();
    features = memory;
  } else {
    const skippedRows = new Set(skipped.map((s) => s.index));
    features = new DiskFeatureStore(model!, hashes.map((hash, index) => (skippedRows.has(index) ? undefined : hash)));
  }
  skipped.sort((a, b) => a.index - b.index);
  const kept = [];
  for (let i = 0; i < total; i++) if (features.has(i)) kept.push(i);
  return { features, kept, skipped, hits, misses, modelKey, cacheDir: model?.dir, seconds: (Date.now() - started) / 1000 };
}
