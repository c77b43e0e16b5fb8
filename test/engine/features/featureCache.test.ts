/**
 * The feature cache end to end with real photos: fill, reuse, invalidation, damage, kills and
 * concurrent fillers. The backbone is a deterministic test double (BlockMeanExtractor) at 32x32 px,
 * which is all the cache's mechanics need.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { EngineError, CancelledError } from '../../../src/engine/errors';
import { FeatureCache } from '../../../src/engine/features/cache';
import { extractFeatures, type ExtractOptions } from '../../../src/engine/features/extract';
import { float16ToFloat32Array, float32ToFloat16Array } from '../../../src/engine/features/float16';
import { featureModelKey } from '../../../src/engine/features/key';
import { SHARD_HEADER_BYTES, recordBytes } from '../../../src/engine/features/record';
import { decodePhotoInto } from '../../../src/engine/images/decode';
import { hashFile } from '../../../src/engine/net/download';
import { BlockMeanExtractor } from '../../support/blockExtractor';
import { blockKey } from '../../support/featureKeys';
import { testPhotos, testTempDir, type TestPhotos } from '../../support/photos';

const ROOT = join(__dirname, '../../..');

/** What the features of one photo must be: decode, the test backbone, float16 rounding. */
async function expectedRow(file: string, extractor = new BlockMeanExtractor()): Promise<number[]> {
  const [h, w] = extractor.inputSize;
  const pixels = new Float32Array(h * w * 3);
  const outcome = await decodePhotoInto(file, [h, w], 'bilinear', pixels, 0);
  assert.ok(outcome.ok);
  const features = await extractor.extract(pixels, 1);
  return [...float16ToFloat32Array(float32ToFloat16Array(features))];
}

async function run(files: readonly string[], cacheDir: string | undefined, options: Partial<ExtractOptions> = {}, extractor = new BlockMeanExtractor()) {
  const cache = cacheDir ? new FeatureCache(cacheDir, { sealAfterMs: 60_000 }) : undefined;
  const warnings: string[] = [];
  const result = await extractFeatures(files, extractor, cache, { key: blockKey(extractor), batchSize: 8, onWarning: (w) => warnings.push(w), ...options });
  const values = await result.features.getBatch(result.kept);
  await result.features.close();
  const rows = result.kept.map((_, i) => [...values.subarray(i * extractor.featureShape.reduce((a, b) => a * b), (i + 1) * extractor.featureShape.reduce((a, b) => a * b))]);
  return { result, extractor, rows, warnings, cache };
}

async function shardFiles(cacheDir: string, extractor = new BlockMeanExtractor()): Promise<string[]> {
  const dir = join(cacheDir, 'features', featureModelKey(blockKey(extractor)));
  return (await fs.readdir(dir)).filter((n) => n.endsWith('.bin')).sort().map((n) => join(dir, n));
}

function child(cacheDir: string, files: readonly string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/fillCacheChild.ts'), cacheDir, ...files], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(proc: ReturnType<typeof child>): Promise<{ code: number | null; out: string; err: string }> {
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, out, err })));
}

/** Resolves once the process has printed `count` lines equal to `line` (or has exited). */
function linesSeen(proc: ReturnType<typeof child>, line: string, count: number): Promise<void> {
  let seen = 0;
  let buffered = '';
  return new Promise((resolve) => {
    proc.stdout!.on('data', (d: Buffer) => {
      buffered += String(d);
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      seen += lines.filter((l) => l === line).length;
      if (seen >= count) resolve();
    });
    proc.on('close', () => resolve());
  });
}

describe('feature cache with real photos', function () {
  let photos: TestPhotos;
  let reference: number[][];

  before(async () => {
    photos = await testPhotos(20);
    reference = await Promise.all(photos.all.map((f) => expectedRow(f)));
  });

  it('fills on the first run and serves every photo from the cache on the second, with identical values', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const progress: number[] = [];
    const hashed: Array<[number, number]> = [];
    const first = await run(photos.all, dir, { onProgress: (done, total) => progress.push(done / total), onHashing: (done, total) => hashed.push([done, total]) });
    assert.deepEqual(hashed.at(-1), [40, 40]);
    assert.equal(first.result.misses, 40);
    assert.equal(first.result.hits, 0);
    assert.equal(first.extractor.photos, 40);
    assert.deepEqual(first.result.kept, photos.all.map((_, i) => i));
    assert.deepEqual(first.rows, reference);
    assert.equal(progress.at(-1), 1);

    const second = await run(photos.all, dir);
    assert.equal(second.result.hits, 40);
    assert.equal(second.result.misses, 0);
    assert.equal(second.extractor.photos, 0, 'the backbone must not run on a full cache');
    assert.deepEqual(second.rows, first.rows);

    const without = await run(photos.all, undefined);
    assert.deepEqual(without.rows, first.rows, 'with or without the cache, the same numbers');
  });

  it('reports and clears the cache', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const small = new BlockMeanExtractor([24, 24]);
    await run(photos.all.slice(0, 10), dir);
    await run(photos.all.slice(0, 4), dir, {}, small);
    const cache = new FeatureCache(dir);
    const info = await cache.info();
    assert.equal(info.dir, join(dir, 'features'));
    assert.equal(info.models.length, 2);
    const big = info.models.find((m) => m.key === featureModelKey(blockKey(new BlockMeanExtractor())))!;
    assert.equal(big.entries, 10);
    assert.equal(big.records, 10);
    assert.equal(big.damagedShards, 0);
    assert.equal(big.tempFiles, 0);
    assert.deepEqual(big.spec?.inputSize, [32, 32]);
    const onDisk = (await Promise.all((await fs.readdir(big.dir)).map((n) => fs.stat(join(big.dir, n))))).reduce((a, s) => a + s.size, 0);
    assert.equal(big.bytes, onDisk);
    assert.equal(info.bytes, info.models[0].bytes + info.models[1].bytes);

    const freed = await cache.clear(featureModelKey(blockKey(small)));
    assert.ok(freed > 0);
    assert.deepEqual((await cache.info()).models.map((m) => m.key), [big.key]);
    await assert.rejects(cache.clear('../../etc'), EngineError);
    await cache.clear();
    assert.deepEqual((await cache.info()).models, []);
    const again = await run(photos.all.slice(0, 10), dir);
    assert.equal(again.result.misses, 10);
  });

  it('recomputes only a photo whose content changed', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const folder = testTempDir('cats-dogs-copies-');
    const copies = await Promise.all(photos.all.slice(0, 6).map(async (f, i) => {
      const to = join(folder, `photo${i}.jpg`);
      await fs.copyFile(f, to);
      return to;
    }));
    const before = await run(copies, dir);
    assert.equal(before.result.misses, 6);
    await fs.writeFile(copies[2], await sharp(photos.all[2]).flop().jpeg().toBuffer());
    const after = await run(copies, dir);
    assert.equal(after.result.misses, 1);
    assert.equal(after.result.hits, 5);
    assert.equal(after.extractor.photos, 1);
    assert.notDeepEqual(after.rows[2], before.rows[2]);
    assert.deepEqual(after.rows[2], await expectedRow(copies[2]));
    for (const i of [0, 1, 3, 4, 5]) assert.deepEqual(after.rows[i], before.rows[i]);
  });

  it('never reuses features across model keys (input size, weights)', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const files = photos.all.slice(0, 5);
    await run(files, dir);
    const otherSize = await run(files, dir, {}, new BlockMeanExtractor([40, 40]));
    assert.equal(otherSize.result.misses, 5);
    const ex = new BlockMeanExtractor();
    const otherWeights = await run(files, dir, { key: blockKey(ex, { weightsId: 'other-weights' }) }, ex);
    assert.equal(otherWeights.result.misses, 5);
    const same = await run(files, dir);
    assert.equal(same.result.hits, 5);
  });

  it('detects a truncated shard and a flipped byte, and recomputes just those photos', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    // Three fills of 10 photos make three shards.
    for (let i = 0; i < 3; i++) await run(photos.all.slice(i * 10, i * 10 + 10), dir);
    const shards = await shardFiles(dir);
    assert.equal(shards.length, 3);

    // A shard cut short (a disk filled up, a copy interrupted).
    const { size } = await fs.stat(shards[0]);
    await fs.truncate(shards[0], size - 7);
    // A flipped bit in the payload of the fourth record of another shard.
    const rowLength = 4 * 4 * 4;
    const bytes = await fs.readFile(shards[1]);
    bytes[SHARD_HEADER_BYTES + 3 * recordBytes(rowLength) + 40 + 11] ^= 0x04;
    await fs.writeFile(shards[1], bytes);

    const files = photos.all.slice(0, 30);
    const repaired = await run(files, dir);
    assert.equal(repaired.result.misses, 11, '10 photos of the truncated shard + 1 damaged record');
    assert.equal(repaired.result.hits, 19);
    assert.deepEqual(repaired.rows, reference.slice(0, 30), 'damaged data never reaches the caller');
    assert.ok(repaired.warnings.some((w) => /damaged feature cache shard/.test(w)), repaired.warnings.join('\n'));
    assert.ok(repaired.warnings.some((w) => /damaged record/.test(w)), repaired.warnings.join('\n'));
    await assert.rejects(fs.access(shards[0]), 'the truncated shard is deleted');

    const settled = await run(files, dir);
    assert.equal(settled.result.misses, 0);
    assert.deepEqual(settled.warnings, []);
  });

  it('keeps what a killed run sealed, ignores its unfinished shard, and cleans it up', async function () {
    const dir = testTempDir('cats-dogs-cache-');
    const files = photos.all;
    // Batches of 4; a shard seals once it passes 10 records, i.e. after batches 3, 6, 9.
    const maxShardBytes = SHARD_HEADER_BYTES + 10 * recordBytes(64);
    const proc = child(dir, files, { FILL_BATCH: '4', FILL_SLOW_MS: '60', FILL_MAX_SHARD_BYTES: String(maxShardBytes) });
    const done = finished(proc);
    await linesSeen(proc, 'batch', 5); // the first report comes before any batch; then batches 1-4
    proc.kill('SIGKILL');
    const { code } = await done;
    assert.notEqual(code, 0, 'the filler was killed mid-run');
    const left = await fs.readdir(join(dir, 'features', featureModelKey(blockKey(new BlockMeanExtractor()))));
    assert.ok(left.some((n) => n.endsWith('.bin.tmp')), `an unfinished shard is left: ${left.join(', ')}`);

    const resumed = await run(files, dir);
    assert.ok(resumed.result.hits > 0 && resumed.result.hits % 12 === 0 && resumed.result.hits < 40, `hits ${resumed.result.hits}: only whole sealed shards count`);
    assert.equal(resumed.result.hits + resumed.result.misses, 40);
    assert.deepEqual(resumed.rows, reference);
    const info = await new FeatureCache(dir).info();
    assert.equal(info.models[0].tempFiles, 0, "the dead process's unfinished shard was removed");
    assert.equal(info.models[0].damagedShards, 0);
    assert.equal(info.models[0].entries, 40);
  });

  it('lets two processes fill the same key at once without corrupting each other', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const go = join(dir, 'go');
    const env = { FILL_BATCH: '4', FILL_SEAL_MS: '0', FILL_SLOW_MS: '30', FILL_GO_FILE: go };
    const procs = [child(dir, photos.all, env), child(dir, [...photos.all].reverse(), env)];
    const results = Promise.all(procs.map(finished));
    await Promise.all(procs.map((p) => linesSeen(p, 'ready', 1)));
    await fs.writeFile(go, '');
    for (const r of await results) assert.equal(r.code, 0, r.err);
    const counts = (await results).map((r) => JSON.parse(r.out.trim().split('\n').at(-1)!) as { hits: number; misses: number });
    for (const c of counts) {
      assert.equal(c.hits + c.misses, 40);
      assert.ok(c.misses > 0, 'both processes were writing at the same time');
    }

    const check = await run(photos.all, dir);
    assert.equal(check.result.hits, 40);
    assert.deepEqual(check.rows, reference);
    const info = await new FeatureCache(dir).info();
    assert.equal(info.models[0].entries, 40);
    assert.ok(info.models[0].records > 40, 'both wrote (duplicates are harmless)');
    assert.equal(info.models[0].damagedShards, 0);
    assert.equal(info.models[0].tempFiles, 0);
  });

  it('lets two fillers in one process share a key', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const [x, y] = await Promise.all([run(photos.all.slice(0, 30), dir), run(photos.all.slice(10), dir)]);
    assert.deepEqual(x.rows, reference.slice(0, 30));
    assert.deepEqual(y.rows, reference.slice(10));
    const check = await run(photos.all, dir);
    assert.equal(check.result.hits, 40);
    assert.deepEqual(check.rows, reference);
  });

  it('falls back to another copy when the preferred copy of a record is damaged', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const files = photos.all.slice(0, 6);
    // Two fillers at once both miss everything (shards seal at the end), so every photo has two copies.
    await Promise.all([run(files, dir), run(files, dir)]);
    const shards = await shardFiles(dir);
    assert.equal(shards.length, 2);
    const preferred = shards[shards.length - 1]; // the newest name is read first
    const bytes = await fs.readFile(preferred);
    bytes[SHARD_HEADER_BYTES + 40 + 5] ^= 0x02; // photo 0's payload
    await fs.writeFile(preferred, bytes);
    const again = await run(files, dir);
    assert.equal(again.result.misses, 0, 'the other copy serves photo 0');
    assert.deepEqual(again.rows, reference.slice(0, 6));
    assert.ok(again.warnings.some((w) => /1 damaged record/.test(w)), again.warnings.join('\n'));
  });

  it('skips unreadable photos by name, and computes duplicates once', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const folder = testTempDir('cats-dogs-bad-');
    const broken = join(folder, 'broken.jpg');
    await fs.writeFile(broken, (await fs.readFile(photos.all[0])).subarray(0, 600));
    const notPhoto = join(folder, 'notes.jpg');
    await fs.writeFile(notPhoto, 'this is text');
    const missing = join(folder, 'missing.jpg');
    const duplicate = join(folder, 'copy.jpg');
    await fs.copyFile(photos.all[1], duplicate);
    const files = [photos.all[0], broken, photos.all[1], notPhoto, duplicate, missing];
    const { result, rows, extractor } = await run(files, dir);
    assert.deepEqual(result.kept, [0, 2, 4]);
    assert.deepEqual(result.skipped.map((s) => [s.index, s.file]), [[1, broken], [3, notPhoto], [5, missing]]);
    assert.match(result.skipped[0].reason, /damaged|decode/);
    assert.match(result.skipped[1].reason, /unsupported|format/);
    assert.match(result.skipped[2].reason, /not found/);
    assert.equal(extractor.photos, 2, 'the duplicate is computed once');
    assert.deepEqual(rows[2], rows[1]);
    assert.deepEqual(rows[0], reference[0]);
    const again = await run(files, dir);
    assert.equal(again.result.hits, 3);
    assert.equal(again.result.skipped.length, 3, 'unreadable photos are retried, never cached');
  });

  it('serves rows from disk on demand, and refuses rows damaged after the run checked them', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const files = photos.all.slice(0, 12);
    await run(files.slice(0, 6), dir);
    const extractor = new BlockMeanExtractor();
    const result = await extractFeatures(files, extractor, new FeatureCache(dir), { key: blockKey(extractor), batchSize: 4, storage: 'disk' });
    assert.equal(result.features.storage, 'disk');
    assert.equal(result.hits, 6);
    assert.equal(result.misses, 6);
    const rowLength = extractor.featureShape.reduce((a, b) => a * b);
    const values = await result.features.getBatch([11, 0, 5]);
    assert.deepEqual([...values.subarray(0, rowLength)], reference[11]);
    assert.deepEqual([...values.subarray(rowLength, 2 * rowLength)], reference[0]);
    assert.deepEqual([...values.subarray(2 * rowLength)], reference[5]);

    const [oldest] = await shardFiles(dir);
    const bytes = await fs.readFile(oldest);
    bytes[SHARD_HEADER_BYTES + 40 + 1] ^= 0x80;
    await fs.writeFile(oldest, bytes);
    await assert.rejects(result.features.getBatch([0, 1, 2, 3, 4, 5]), (err: EngineError) => err.code === 'io' && /changed during the run/.test(err.message));
    await result.features.close();
  });

  it('stops on cancel and keeps the features computed before it', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const controller = new AbortController();
    const extractor = new BlockMeanExtractor();
    await assert.rejects(
      extractFeatures(photos.all, extractor, new FeatureCache(dir), {
        key: blockKey(extractor),
        batchSize: 4,
        signal: controller.signal,
        onProgress: (done) => {
          if (done >= 8) controller.abort();
        },
      }),
      CancelledError,
    );
    assert.ok(extractor.photos < 40);
    const resumed = await run(photos.all, dir);
    assert.ok(resumed.result.hits >= 8, `hits ${resumed.result.hits}`);
    assert.deepEqual(resumed.rows, reference);
  });

  it('uses known photo hashes instead of reading the files again', async () => {
    const dir = testTempDir('cats-dogs-cache-');
    const files = photos.all.slice(0, 4);
    const hashes = await Promise.all(files.map((f) => hashFile(f, 'sha256')));
    await run(files, dir, { photoHash: (_f, i) => hashes[i] });
    // Same hashes under names that do not exist: served from the cache without touching the files.
    const ghosts = files.map((_, i) => join(dir, `gone${i}.jpg`));
    const cached = await run(ghosts, dir, { photoHash: (_f, i) => hashes[i] });
    assert.equal(cached.result.hits, 4);
    assert.deepEqual(cached.rows, reference.slice(0, 4));
  });
});
