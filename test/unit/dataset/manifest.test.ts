import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../../src/engine/errors';
import { formatManifest, parseManifest, readManifest, type DatasetManifest } from '../../../src/engine/dataset/manifest';
import { compareSource, describeDifferences } from '../../../src/engine/dataset/manifestCompare';

function manifest(over: Partial<DatasetManifest> = {}): DatasetManifest {
  return {
    version: 1,
    tool: { name: 'cats-dogs', version: '0.1.0' },
    createdAt: '2026-11-27T10:00:00.000Z',
    source: { kind: 'zip', path: '/data/train.zip', size: 1000, mtimeMs: 5, sha256: 'a'.repeat(64) },
    seed: 42,
    split: [70, 15, 15],
    counts: { train: { cats: 1, dogs: 1 }, validation: { cats: 0, dogs: 0 }, test: { cats: 0, dogs: 0 } },
    linked: 0,
    photos: [
      { split: 'train', class: 'cats', file: 'train/cats/cat.1.jpg', original: 'train/cat.1.jpg', sha256: 'b'.repeat(64), bytes: 10 },
      { split: 'train', class: 'dogs', file: 'train/dogs/dog.1.jpg', original: 'train/dog.1.jpg', sha256: 'c'.repeat(64), bytes: 11 },
    ],
    rejected: [{ file: 'train/cat.2.jpg', reason: 'empty file (0 bytes)' }],
    ignored: { count: 0, examples: [] },
    stats: { seconds: 1, photosPerSecond: 2 },
    ...over,
  };
}

describe('dataset/manifest', () => {
  it('formats one photo per line and parses back to the same object', () => {
    const m = manifest();
    const text = formatManifest(m);
    assert.deepEqual(parseManifest(text, 'x'), m);
    const lines = text.split('\n');
    assert.ok(lines.some((l) => l.trim().startsWith('{"split":"train","class":"cats"')), text);
  });

  it('reports a damaged manifest clearly instead of crashing', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"version": 1, "source"', /not valid JSON/],
      ['[]', /not a JSON object/],
      [JSON.stringify({ ...manifest(), seed: 'x' }), /"seed"/],
      [JSON.stringify({ ...manifest(), split: [70, 30] }), /"split"/],
      [JSON.stringify({ ...manifest(), counts: { train: {} } }), /"counts"/],
      [JSON.stringify({ ...manifest(), photos: [{ file: 'a' }] }), /photo #1/],
      [JSON.stringify({ ...manifest(), source: undefined }), /"source"/],
    ];
    for (const [text, why] of cases) {
      assert.throws(() => parseManifest(text, '/d/dataset.json'), (err: unknown) => err instanceof EngineError && err.code === 'dataset' && why.test(err.message) && /damaged/.test(err.message) && !!err.hint, text);
    }
    assert.throws(() => parseManifest(JSON.stringify({ ...manifest(), version: 99 }), 'x'), /newer version/);
  });

  it('readManifest: undefined without one, the manifest with one, an error when damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    try {
      assert.equal(await readManifest(dir), undefined);
      assert.equal(await readManifest(join(dir, 'missing')), undefined);
      writeFileSync(join(dir, 'dataset.json'), formatManifest(manifest()));
      assert.equal((await readManifest(dir))?.seed, 42);
      writeFileSync(join(dir, 'dataset.json'), '{"version": 1, "sou');
      await assert.rejects(readManifest(dir), /damaged/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dataset/manifestCompare', () => {
  const wanted = { source: { kind: 'zip' as const, path: '/data/train.zip', size: 1000, mtimeMs: 5 }, seed: 42, split: [70, 15, 15] };

  it('the same zip, seed and split (as fractions too) make no difference', () => {
    assert.deepEqual(describeDifferences(manifest(), wanted), []);
    assert.deepEqual(describeDifferences(manifest(), { ...wanted, split: [0.7, 0.15, 0.15] }), []);
  });

  it('names each difference', () => {
    const d = describeDifferences(manifest(), { ...wanted, seed: 7, split: [80, 10, 10] });
    assert.deepEqual(d, ['seed 42 → 7', 'split 70/15/15 → 80/10/10']);
    const other = describeDifferences(manifest(), { ...wanted, source: { kind: 'folder', path: '/data/PetImages', fingerprint: 'f' } });
    assert.deepEqual(other, ['source zip /data/train.zip → folder /data/PetImages']);
  });

  it('a zip: size differs → different; moved or touched → needs a hash; hash decides', () => {
    const m = manifest().source;
    assert.equal(compareSource(m, { kind: 'zip', path: '/data/train.zip', size: 999, mtimeMs: 5 }), 'different');
    assert.equal(compareSource(m, { kind: 'zip', path: '/elsewhere/train.zip', size: 1000, mtimeMs: 5 }), 'needs-hash');
    assert.equal(compareSource(m, { kind: 'zip', path: '/data/train.zip', size: 1000, mtimeMs: 6 }), 'needs-hash');
    assert.equal(compareSource(m, { kind: 'zip', path: '/elsewhere/train.zip', size: 1000, sha256: 'a'.repeat(64) }), 'same');
    assert.equal(compareSource(m, { kind: 'zip', path: '/data/train.zip', size: 1000, sha256: 'd'.repeat(64) }), 'different');
    assert.deepEqual(describeDifferences(manifest(), { ...wanted, source: { ...wanted.source, sha256: 'd'.repeat(64) } }), ['source zip /data/train.zip has changed since the dataset was made']);
  });

  it('a folder: same path and fingerprint; a download: same URL and no conflicting hash', () => {
    const folder = { kind: 'folder' as const, path: '/p', size: 3, fingerprint: 'f1' };
    assert.equal(compareSource(folder, { kind: 'folder', path: '/p', fingerprint: 'f1' }), 'same');
    assert.equal(compareSource(folder, { kind: 'folder', path: '/p', fingerprint: 'f2' }), 'different');
    const dl = { kind: 'download' as const, path: '/cache/x.zip', url: 'https://a/x.zip', size: 3, sha256: 'e'.repeat(64) };
    assert.equal(compareSource(dl, { kind: 'download', path: '/cache/x.zip', url: 'https://a/x.zip' }), 'same');
    assert.equal(compareSource(dl, { kind: 'download', path: '/cache/x.zip', url: 'https://a/x.zip', sha256: 'E'.repeat(64) }), 'same');
    assert.equal(compareSource(dl, { kind: 'download', path: '/cache/x.zip', url: 'https://a/x.zip', sha256: 'f'.repeat(64) }), 'different');
    assert.equal(compareSource(dl, { kind: 'download', path: '/cache/y.zip', url: 'https://a/y.zip' }), 'different');
  });
});
