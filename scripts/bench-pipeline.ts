/**
 * Image pipeline and feature cache throughput, printed as a table (never a pass/fail):
 *   node --import tsx scripts/bench-pipeline.ts [photosPerClass=100] [cacheRows=4000]
 * Needs ../shared (or $CATS_DOGS_SHARED) for real photos. Timings on a shared machine are noisy:
 * run it twice.
 */
import { availableParallelism, cpus } from 'node:os';
import { FeatureCache } from '../src/engine/features/cache';
import { float16ToFloat32Array } from '../src/engine/features/float16';
import { featureModelKey, type FeatureKeySpec } from '../src/engine/features/key';
import { MemoryFeatureStore } from '../src/engine/features/store';
import { readRgb } from '../src/engine/images/decode';
import { imageBatches } from '../src/engine/images/batches';
import { resizeRgbInto } from '../src/engine/images/resize';
import { createLimiter } from '../src/engine/util/limit';
import { mulberry32 } from '../src/engine/util/random';
import { testPhotos, testTempDir } from '../test/support/photos';

interface Row {
  what: string;
  count: number;
  seconds: number;
  unit: string;
  rssMb: number;
}
const rows: Row[] = [];
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function measure(what: string, count: number, unit: string, work: () => Promise<void>): Promise<void> {
  const t0 = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  rows.push({ what, count, seconds, unit, rssMb: rss() });
}

async function main(): Promise<void> {
  const perClass = Number(process.argv[2] ?? 100);
  const cacheRows = Number(process.argv[3] ?? 4000);
  const photos = await testPhotos(perClass);
  const files = photos.all;
  console.log(`${files.length} real photos, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);

  // Warm up sharp and the file cache.
  for await (const b of imageBatches(files.slice(0, 16), { size: [150, 150], batchSize: 16 })) void b;

  for (const size of [150, 224] as const) {
    for (const inFlight of [1, 4]) {
      await measure(`decode+resize ${size}px, ${inFlight} in flight`, files.length, 'photos', async () => {
        for await (const b of imageBatches(files, { size: [size, size], batchSize: 32, concurrency: inFlight, prefetch: 2 })) void b;
      });
    }
  }
  // Where the time goes: libvips' decode alone, and the JS resize alone.
  const decoded = await Promise.all(files.slice(0, 50).map((f) => readRgb(f)));
  const limiter = createLimiter(1);
  await measure('  of which: sharp full decode only, 1 in flight', files.length, 'photos', async () => {
    await Promise.all(files.map((f) => limiter.run(() => readRgb(f))));
  });
  const out = new Float32Array(224 * 224 * 3);
  await measure('  of which: JS bilinear resize only, 224px', decoded.length * 20, 'photos', async () => {
    for (let r = 0; r < 20; r++) for (const img of decoded) resizeRgbInto(img, [224, 224], 'bilinear', out);
  });

  // Feature cache with VGG16-at-150px-shaped rows (4x4x512 = 8,192 values, 16 KB in float16).
  const spec: FeatureKeySpec = { architecture: 'VGG16', weightsId: 'bench', inputSize: [150, 150], preprocessing: 'caffe', resize: 'bilinear', featureShape: [4, 4, 512] };
  const rowLength = 8192;
  const cache = new FeatureCache(testTempDir('cats-dogs-bench-cache-'));
  const random = mulberry32(1);
  const hashes = Array.from({ length: cacheRows }, (_, i) => (i.toString(16).padStart(8, '0') + 'ab').repeat(7).slice(0, 64));
  const halves = Uint16Array.from({ length: 64 * rowLength }, () => Math.floor(random() * 0x7bff));
  let model = await cache.open(spec);
  const writer = model.createWriter();
  await measure(`cache write, rows of ${rowLength} (batches of 64)`, cacheRows, 'rows', async () => {
    for (let i = 0; i < cacheRows; i += 64) await writer.append(hashes.slice(i, i + 64), halves.subarray(0, Math.min(64, cacheRows - i) * rowLength));
    await writer.close();
  });
  await model.close();
  await measure('cache open (scan shards)', 1, 'opens', async () => {
    model = await cache.open(spec);
  });
  const store = new MemoryFeatureStore(cacheRows, spec.featureShape);
  const rowOf = new Map(hashes.map((h, i) => [h, i]));
  await measure('cache read+check into RAM (readMany)', cacheRows, 'rows', async () => {
    const missing = await model.readMany(hashes, (h, row) => store.set(rowOf.get(h)!, row));
    if (missing.length) throw new Error(`${missing.length} rows missing`);
  });
  const readLimiter = createLimiter(16);
  await measure('cache read+check, one read a row (16 in flight)', cacheRows, 'rows', async () => {
    await Promise.all(hashes.map((h) => readLimiter.run(async () => {
      if (!(await model.readRow(h))) throw new Error('miss');
    })));
  });
  const batch = new Float32Array(64 * rowLength);
  const order = Array.from({ length: cacheRows }, (_, i) => i).sort(() => random() - 0.5);
  await measure('RAM store getBatch(64), float16 -> float32', cacheRows, 'rows', async () => {
    for (let i = 0; i + 64 <= cacheRows; i += 64) await store.getBatch(order.slice(i, i + 64), batch);
  });
  await measure('disk reads for getBatch(64), random order', cacheRows, 'rows', async () => {
    for (let i = 0; i + 64 <= cacheRows; i += 64) {
      await Promise.all(order.slice(i, i + 64).map(async (r, j) => float16ToFloat32Array((await model.readRow(hashes[r]))!, batch, j * rowLength)));
    }
  });
  const info = await cache.info();
  await model.close();
  clearInterval(sampler);

  console.log(`\nfeature cache: key ${featureModelKey(spec)}, ${info.models[0].entries} rows, ${(info.bytes / 2 ** 20).toFixed(1)} MB on disk in ${info.models[0].shards} shard(s)`);
  console.log(`RAM store for ${cacheRows} rows: ${(store.memoryBytes / 2 ** 20).toFixed(1)} MB\n`);
  const w = Math.max(...rows.map((r) => r.what.length));
  console.log(`${'step'.padEnd(w)}  ${'count'.padStart(6)}  ${'seconds'.padStart(8)}  ${'per second'.padStart(14)}  ${'RSS MB'.padStart(7)}`);
  for (const r of rows) {
    console.log(`${r.what.padEnd(w)}  ${String(r.count).padStart(6)}  ${r.seconds.toFixed(2).padStart(8)}  ${`${Math.round(r.count / r.seconds)} ${r.unit}`.padStart(14)}  ${String(r.rssMb).padStart(7)}`);
  }
  console.log(`\npeak RSS ${Math.round(peakRss / 2 ** 20)} MB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
