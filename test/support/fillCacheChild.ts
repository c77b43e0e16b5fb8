/**
 * A separate process that fills the feature cache (for the concurrency and killed-run tests):
 *   node --import tsx test/support/fillCacheChild.ts <cacheDir> <photo>...
 * Env: FILL_SEAL_MS (seal shards this often), FILL_MAX_SHARD_BYTES (or at this size), FILL_BATCH
 * (batch size), FILL_SLOW_MS (pause per batch), FILL_GO_FILE (print "ready", then wait for this file
 * to exist before starting, so two fillers can start together).
 * Prints "batch" after each progress report and one JSON line {hits, misses} when done.
 */
import { existsSync } from 'node:fs';
import { FeatureCache } from '../../src/engine/features/cache';
import { extractFeatures } from '../../src/engine/features/extract';
import { BlockMeanExtractor } from './blockExtractor';
import { blockKey } from './featureKeys';

async function main(): Promise<void> {
  const [cacheDir, ...files] = process.argv.slice(2);
  const slowMs = Number(process.env.FILL_SLOW_MS ?? 0);
  const extractor = new BlockMeanExtractor();
  const inner = extractor.extract.bind(extractor);
  extractor.extract = async (pixels, count) => {
    if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
    return inner(pixels, count);
  };
  const maxShardBytes = process.env.FILL_MAX_SHARD_BYTES ? Number(process.env.FILL_MAX_SHARD_BYTES) : undefined;
  const cache = new FeatureCache(cacheDir, { sealAfterMs: Number(process.env.FILL_SEAL_MS ?? 60_000), maxShardBytes });
  const go = process.env.FILL_GO_FILE;
  if (go) {
    process.stdout.write('ready\n');
    while (!existsSync(go)) await new Promise((r) => setTimeout(r, 10));
  }
  const result = await extractFeatures(files, extractor, cache, {
    key: blockKey(extractor),
    batchSize: Number(process.env.FILL_BATCH ?? 8),
    onProgress: () => process.stdout.write('batch\n'),
  });
  await result.features.close();
  process.stdout.write(JSON.stringify({ hits: result.hits, misses: result.misses }) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
