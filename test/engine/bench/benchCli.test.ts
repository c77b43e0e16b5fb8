/**
 * `cats-dogs bench --quick` end to end on a dozen real photos: every row of the report is printed and
 * every measurement was made. The numbers themselves are not checked (they depend on the machine).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/engine/cli/cli';
import { isRate, type BenchReport } from '../../../src/engine/bench/types';
import { testPhotos, testTempDir } from '../../support/photos';
import { SHARED_MODELS, sharedAvailable } from '../../support/shared';

const BACKBONES = ['MobileNet 0.25 224', 'MobileNet 0.75 224', 'VGG16 150', 'ResNet50 224', 'MobileNetV2 224'];
const ROWS = [
  'decode+resize 150 px',
  'decode+resize 224 px',
  ...BACKBONES,
  'head (a) cached features',
  'head (b) backbone every epoch',
  'head ratio (b)/(a)',
  'first extraction (cold cache)',
  'cats-dogs train, warm cache',
  'backends',
  'photos',
  'decode+resize',
  ...BACKBONES.map((b) => `extraction ${b}`),
  'head experiment',
  'cats-dogs train (child process)',
  'memory probes (child processes)',
  'memory store',
  'disk store',
  'head experiment: cached >= 50x faster than uncached',
  'CPU extraction: pipeline >= 0.5 of onnxruntime\'s rate',
  'decode never the bottleneck: decode >= the fastest extractor at its size',
  'memory flat with dataset size (RSS growth <= features\' growth + 48 MB)',
  'tensor count back to its start after every phase',
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('cli: cats-dogs bench --quick', function () {
  this.timeout(900_000);
  before(function () {
    if (!sharedAvailable()) this.skip();
  });

  it('prints every row of every table, and writes the measurements as JSON', async () => {
    // 16 photos, of which --quick takes 12 (so the training run gets a linked subset of the dataset).
    const photos = await testPhotos(8);
    const cache = testTempDir('cats-dogs-bench-test-');
    const json = join(cache, 'bench.json');
    const io = { out: '', err: '' };
    const cli = { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) }, signal: new AbortController().signal };
    const code = await runCli(['bench', '--quick', '--source', photos.dir, '--models', SHARED_MODELS, '--cache', cache, '--backend', 'wasm', '--json', json], cli);
    assert.equal(code, 0, io.err);
    for (const row of ROWS) assert.match(io.out, new RegExp(`^\\| ${escape(row)} +\\|`, 'm'), `row "${row}" missing:\n${io.out}`);

    const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
    const total = report.photos.total;
    assert.ok(total >= 10 && total < 16, `about 12 of the 16 photos, got ${total}`);
    assert.deepEqual(report.decode.map((d) => [d.size, d.rate.photos]), [[150, total], [224, total]]);
    assert.deepEqual(report.extraction.map((r) => r.backbone), BACKBONES);
    for (const r of report.extraction) {
      assert.ok(isRate(r.ortReference) && isRate(r.ortPipeline) && isRate(r.tfjs.wasm), `${r.backbone}: ${JSON.stringify(r)}`);
      assert.ok(r.tfjs.cpu && r.tfjs.webgpu, `${r.backbone}: cpu and webgpu rows are there, measured or with why not`);
    }
    assert.equal(report.extraction[0].weights, 'model.json');
    assert.ok(report.head && 'ratio' in report.head && report.head.train > 0 && report.head.cached.fitSeconds > 0 && report.head.uncached.trainPhotos > 0);
    assert.ok(report.trainRun && 'wallSeconds' in report.trainRun, JSON.stringify(report.trainRun));
    assert.equal(report.trainRun.misses, 0, 'the head experiment warmed the cache for the training run');
    assert.equal(report.trainRun.hits, total);
    assert.ok(Array.isArray(report.memoryScaling), JSON.stringify(report.memoryScaling));
    assert.deepEqual(report.memoryScaling.map((p) => p.storage).sort(), ['disk', 'disk', 'memory', 'memory']);
    for (const p of report.phases) assert.equal(p.tensorsAfter, p.tensorsBefore, `${p.phase} left tensors behind`);
  });

  it('refuses --backbones naming no benchmarked backbone, listing the ones there are', async () => {
    const io = { out: '', err: '' };
    const cli = { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) }, signal: new AbortController().signal };
    const code = await runCli(['bench', '--backbones', 'VGG16,VGG19', '--source', '/nowhere'], cli);
    assert.equal(code, 2);
    assert.match(io.err, /--backbones VGG19: use some of MobileNet 0\.25 224, .*VGG16 150/);
  });
});
