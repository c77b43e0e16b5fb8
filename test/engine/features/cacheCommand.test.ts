/**
 * `cats-dogs cache` and the engine's `cache` job on a real feature cache (real photos, the block-mean
 * test backbone at two input sizes): the report names each entry with its photo count and size, the
 * folders' sizes add up, and --clear deletes one entry or all of them and nothing else.
 */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { cacheReport, runCacheJob } from '../../../src/engine/cache/cacheJob';
import { runCli } from '../../../src/engine/cli/cli';
import { FeatureCache } from '../../../src/engine/features/cache';
import { extractFeatures } from '../../../src/engine/features/extract';
import { featureModelKey } from '../../../src/engine/features/key';
import type { EngineToHost } from '../../../src/shared/protocol/engine';
import { BlockMeanExtractor } from '../../support/blockExtractor';
import { blockKey } from '../../support/featureKeys';
import { testPhotos, testTempDir } from '../../support/photos';

async function fill(cacheDir: string, files: readonly string[], extractor: BlockMeanExtractor): Promise<string> {
  const result = await extractFeatures(files, extractor, new FeatureCache(cacheDir, { sealAfterMs: 60_000 }), { key: blockKey(extractor), batchSize: 4 });
  await result.features.close();
  assert.equal(result.misses, files.length);
  return featureModelKey(blockKey(extractor));
}

function cli() {
  const io = { out: '', err: '' };
  return { io, sink: { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) }, signal: new AbortController().signal } };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the cache job and `cats-dogs cache`', function () {
  this.timeout(120_000);

  it('reports every backbone entry (photos, bytes, label) and every folder, and clears one entry, then all', async () => {
    const photos = await testPhotos(4);
    const cacheDir = testTempDir('cats-dogs-cache-cmd-');
    const small = await fill(cacheDir, photos.all, new BlockMeanExtractor());
    const large = await fill(cacheDir, photos.all.slice(0, 5), new BlockMeanExtractor([64, 64]));
    await fs.mkdir(join(cacheDir, 'weights'), { recursive: true });
    await fs.writeFile(join(cacheDir, 'weights', 'vgg16_notop.h5'), Buffer.alloc(12_345));

    const report = await cacheReport(cacheDir);
    assert.deepEqual(report.parts.map((p) => p.name), ['features', 'weights']);
    assert.equal(report.parts[1].bytes, 12_345);
    assert.equal(report.bytes, report.parts[0].bytes + 12_345);
    const byKey = new Map(report.features.map((f) => [f.key, f]));
    assert.equal(byKey.get(small)?.photos, photos.all.length);
    assert.equal(byKey.get(large)?.photos, 5);
    assert.match(byKey.get(large)!.label, /^custom 64x64, none -> 8x8x4$/);
    assert.equal(report.parts[0].bytes, report.features.reduce((a, f) => a + f.bytes, 0));
    assert.ok(byKey.get(small)!.bytes > 0 && byKey.get(small)!.lastWritten);

    const listed = cli();
    assert.equal(await runCli(['cache', '--cache', cacheDir], listed.sink), 0, listed.io.err);
    assert.match(listed.io.out, new RegExp(`Cache folder: ${escape(cacheDir)} \\(`));
    assert.match(listed.io.out, /Feature cache: 2 backbone configurations:/);
    assert.match(listed.io.out, new RegExp(`key ${small}`));

    const one = cli();
    assert.equal(await runCli(['cache', '--cache', cacheDir, '--clear', '--key', large, '--json'], one.sink), 0, one.io.err);
    const afterOne = JSON.parse(one.io.out) as { freedBytes: number; features: Array<{ key: string }> };
    assert.equal(afterOne.freedBytes, byKey.get(large)!.bytes);
    assert.deepEqual(afterOne.features.map((f) => f.key), [small]);

    const events: EngineToHost[] = [];
    await runCacheJob({ kind: 'cache', action: 'clear', cacheDir }, { emit: (e) => events.push(e), signal: new AbortController().signal });
    const answer = events.find((e) => e.type === 'cache');
    assert.ok(answer && answer.type === 'cache');
    assert.equal(answer.freedBytes, byKey.get(small)!.bytes);
    assert.deepEqual(answer.report.features, []);
    assert.equal((await fs.stat(join(cacheDir, 'weights', 'vgg16_notop.h5'))).size, 12_345, 'downloaded weights are kept');
  });

  it('refuses an unknown or malformed key, and --key without --clear, saying what to do', async () => {
    const cacheDir = testTempDir('cats-dogs-cache-cmd-');
    const unknown = cli();
    assert.equal(await runCli(['cache', '--cache', cacheDir, '--clear', '--key', 'vgg16-150x150-0123456789abcdef'], unknown.sink), 1);
    assert.match(unknown.io.err, /has no key "vgg16-150x150-0123456789abcdef"[^]*cats-dogs cache/);
    const malformed = cli();
    assert.equal(await runCli(['cache', '--cache', cacheDir, '--clear', '--key', '../weights'], malformed.sink), 1);
    assert.match(malformed.io.err, /"\.\.\/weights" is not a feature cache key/);
    const stray = cli();
    assert.equal(await runCli(['cache', '--key', 'x'], stray.sink), 2);
    assert.match(stray.io.err, /--key only goes with --clear/);
  });
});
