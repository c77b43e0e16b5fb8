import { strict as assert } from 'node:assert';
import { formatRate, formatReport, markdownTable } from '../../../src/engine/bench/table';
import { checkTargets, memoryGrowth } from '../../../src/engine/bench/targets';
import type { BenchReport, ExtractionRow, MemoryProbe } from '../../../src/engine/bench/types';
import { rateOf } from '../../../src/engine/bench/measure';

function row(backbone: string, size: number, reference: number, pipeline: number): ExtractionRow {
  return {
    backbone,
    inputSize: size,
    weights: 'random',
    featureShape: [4, 4, 512],
    ortReference: rateOf(reference * 10, 10),
    ortPipeline: rateOf(pipeline * 10, 10),
    tfjs: { wasm: rateOf(20, 10), cpu: { skipped: 'too slow' } },
  };
}

function probe(storage: 'memory' | 'disk', photos: number, peakRssMb: number, featureMb: number): MemoryProbe {
  return { storage, photos, backbone: 'MobileNet 0.25 224', epochs: 2, baseRssMb: 300, extractRssMb: 350, peakRssMb, featureMb, tensorsBefore: 10, tensorsAfter: 10 };
}

function report(over: Partial<BenchReport> = {}): BenchReport {
  return {
    version: 1,
    startedAt: '2025-01-01T00:00:00.000Z',
    quick: false,
    machine: { cpu: 'Test CPU', cores: 2, loadStart: [1, 1, 1], loadEnd: [2, 2, 2], memoryGiB: 8, node: 'v20', platform: 'linux-x64' },
    backend: { name: 'wasm', device: 'cpu', measured: ['wasm', 'cpu'] },
    onnxRuntime: '1.30.0',
    photos: { total: 2000, source: 'train.zip' },
    decode: [
      { size: 150, concurrency: 4, rate: rateOf(2000, 10) },
      { size: 224, concurrency: 4, rate: rateOf(2000, 20) },
    ],
    extraction: [row('MobileNet 0.25 224', 224, 400, 150), row('VGG16 150', 150, 8, 7.6)],
    head: {
      backbone: 'VGG16 150',
      extractor: 'onnxruntime-cpu',
      train: 1400,
      validation: 300,
      epochs: 10,
      cacheWasWarm: true,
      cached: { readSeconds: 1, fitSeconds: 19, totalSeconds: 20 },
      uncached: { trainPhotos: 140, validationPhotos: 30, trainSeconds: 18, validationSeconds: 3, epochSeconds: 210, totalSeconds: 2100, extrapolated: true },
      ratio: 105,
    },
    trainRun: { config: 'baseline', wallSeconds: 30, jobSeconds: 27, featureSeconds: 1, trainSeconds: 20, hits: 2000, misses: 0, testAccuracy: 0.5, exitCode: 0 },
    phases: [{ phase: 'decode+resize', seconds: 20, peakRssMb: 300, maxRssMb: 310, tensorsBefore: 0, tensorsAfter: 0 }],
    memoryScaling: [probe('memory', 425, 500, 10), probe('memory', 1700, 560, 40), probe('disk', 425, 480, 0), probe('disk', 1700, 490, 0)],
    seconds: 300,
    ...over,
  };
}

describe('bench: targets and the printed table', () => {
  it('pads Markdown columns and right-aligns numbers', () => {
    assert.equal(markdownTable(['name', 'n'], [['a', '5'], ['bbb', '12.5']]), ['| name |    n |', '|------|-----:|', '| a    |    5 |', '| bbb  | 12.5 |'].join('\n'));
    assert.deepEqual([formatRate(1234.4), formatRate(12.34), formatRate(1.234)], ['1234', '12.3', '1.23']);
  });

  it('passes or fails each target from the measurements', () => {
    const ok = checkTargets(report());
    assert.deepEqual(ok.map((c) => c.pass), [true, false, false, true, true]);
    assert.match(ok[1].measured, /worst 0\.38 \(MobileNet 0\.25 224\); 1 of 2 below/);
    assert.match(ok[2].measured, /224 px: 100 < 400 \(MobileNet 0\.25 224\)/);
    const better = checkTargets(report({ extraction: [row('MobileNet 0.25 224', 224, 90, 80)], head: { skipped: 'no' }, phases: [{ phase: 'x', seconds: 1, peakRssMb: 1, maxRssMb: 1, tensorsBefore: 3, tensorsAfter: 5 }] }));
    assert.deepEqual(better.map((c) => c.pass), [undefined, true, true, true, false]);
    assert.match(better[4].measured, /x 3 -> 5/);
  });

  it('allows memory growth up to the features plus noise, and none from disk', () => {
    const fail = memoryGrowth([probe('memory', 100, 400, 10), probe('memory', 400, 490, 40), probe('disk', 100, 400, 0), probe('disk', 400, 460, 0)]);
    assert.deepEqual(fail.map((x) => [x.storage, x.rssGrowthMb, x.featureGrowthMb, x.allowedMb, x.pass]), [['memory', 90, 30, 78, false], ['disk', 60, 0, 48, false]]);
    const pass = memoryGrowth([probe('disk', 400, 440, 0), probe('disk', 100, 400, 0)]);
    assert.deepEqual(pass.map((x) => [x.storage, x.small.photos, x.rssGrowthMb, x.pass]), [['disk', 100, 40, true]]);
  });

  it('prints every section with its marks', () => {
    const text = formatReport(report());
    assert.match(text, /^\| decode\+resize 224 px +\| +100 \| +- \| +2000 \| +4 \| 400 photos\/s \(MobileNet 0\.25 224, onnxruntime\) +\| NO +\|$/m);
    assert.match(text, /^\| VGG16 150 +\| random +\| 4x4x512 +\| +8\.00 \| +7\.60 \| 0\.95 yes +\| +2\.00 \| +n\/a \|$/m);
    assert.match(text, /^\| head ratio \(b\)\/\(a\) +\| +105\.0x \| target >= 50x: yes/m);
    assert.match(text, /^\| cats-dogs train, warm cache +\| +30\.0 \|/m);
    assert.match(text, /VGG16 150 cpu: too slow/);
    const withCpu = report();
    withCpu.decode[1].rate.cpuMsPerPhoto = 4;
    Object.assign(withCpu.extraction[0].ortReference, { cpuMsPerPhoto: 3 });
    Object.assign(withCpu.extraction[0].ortPipeline, { cpuMsPerPhoto: 7.5 });
    assert.match(formatReport(withCpu), /^\| MobileNet 0\.25 224 +\| +4\.00 \| +3\.00 \| +7\.50 \| +0\.50 \|$/m);
    assert.match(text, /memory store, 425 -> 1700 photos \(train \+ validation\): peak RSS \+60 MB; features \+30\.0 MB; allowed 78 MB/);
  });
});
