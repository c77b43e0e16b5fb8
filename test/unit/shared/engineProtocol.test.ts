import { strict as assert } from 'node:assert';
import { cacheReportLines, formatBytes } from '../../../src/shared/format/cacheReport';
import { kerasLines } from '../../../src/shared/format/kerasLog';
import { parseEngineMessage, parseHostMessage, type CacheReport } from '../../../src/shared/protocol/engine';

const report: CacheReport = {
  dir: '/home/student/.cache/cats-vs-dogs-lab',
  bytes: 150_000_000,
  parts: [
    { name: 'features', dir: '/home/student/.cache/cats-vs-dogs-lab/features', bytes: 91_000_000 },
    { name: 'weights', dir: '/home/student/.cache/cats-vs-dogs-lab/weights', bytes: 58_889_256 },
    { name: 'mystery', dir: '/home/student/.cache/cats-vs-dogs-lab/mystery', bytes: 110_744 },
  ],
  features: [
    { key: 'vgg16-150x150-5c713c8d394dcfb2', label: 'VGG16 150x150, caffe -> 4x4x512 (block5_pool)', weights: 'sha256 5c713c8d394d', bytes: 91_000_000, photos: 25_000, damagedShards: 1, lastWritten: '2026-11-28T01:22:33.000Z' },
  ],
};

describe('engine protocol: the cache job and its report', () => {
  it('accepts a cache job and a well-formed cache event, drops malformed ones', () => {
    assert.ok(parseHostMessage({ type: 'start', protocolVersion: 1, job: { kind: 'cache', action: 'info' } }));
    assert.equal(parseHostMessage({ type: 'start', protocolVersion: 1, job: { kind: 'purge' } }), undefined);
    assert.deepEqual(parseEngineMessage({ type: 'cache', report, freedBytes: 3 }), { type: 'cache', report, freedBytes: 3 });
    assert.equal(parseEngineMessage({ type: 'cache', report: { dir: '/x' } }), undefined);
    assert.equal(parseEngineMessage({ type: 'cache' }), undefined);
  });

  it('formats bytes in decimal units, as disks count', () => {
    assert.deepEqual([0, 999, 1000, 12_345, 58_889_256, 1_500_000_000, 2e15].map(formatBytes), ['0 B', '999 B', '1.0 KB', '12.3 KB', '58.9 MB', '1.5 GB', '2000 TB']);
  });

  it('lists the folders with what they hold, and each entry with its photos, size, damage and key', () => {
    const lines = cacheReportLines(report, 1_234_567);
    assert.deepEqual(lines, [
      'Cleared the feature cache: 1.2 MB freed.',
      'Cache folder: /home/student/.cache/cats-vs-dogs-lab (150 MB in all)',
      '  features     91.0 MB  frozen-backbone features of photos (the feature cache)',
      '  weights      58.9 MB  downloaded Keras weight files',
      '  mystery       111 KB',
      'Feature cache: 1 backbone configuration:',
      '  VGG16 150x150, caffe -> 4x4x512 (block5_pool); weights sha256 5c713c8d394d: 25,000 photos, 91.0 MB, 1 damaged shard (recomputed on next use)',
      '    key vgg16-150x150-5c713c8d394dcfb2, last written 2026-11-28 01:22 UTC',
    ]);
    assert.deepEqual(kerasLines({ type: 'cache', report: { ...report, features: [] } }).slice(-1), ['Feature cache: empty.']);
  });
});
