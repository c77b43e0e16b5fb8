import { strict as assert } from 'node:assert';
import { countPhotos, interleavedFiles, subsetLayout } from '../../../src/engine/bench/photoSet';
import { parseProbeRequest } from '../../../src/engine/bench/memoryProbe';
import { measureLoop } from '../../../src/engine/bench/measure';
import type { DatasetLayout } from '../../../src/engine/dataset';

const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const layout: DatasetLayout = {
  train: { cats: names('tc', 70), dogs: names('td', 70) },
  validation: { cats: names('vc', 15), dogs: names('vd', 15) },
  test: { cats: names('sc', 15), dogs: names('sd', 15) },
};

describe('bench: photo subsets', () => {
  it('takes the same share of every split and class, at least one each', () => {
    const half = subsetLayout(layout, 100);
    assert.deepEqual([half.train.cats.length, half.train.dogs.length, half.validation.cats.length, half.test.dogs.length], [35, 35, 8, 8]);
    assert.deepEqual(half.train.cats, layout.train.cats.slice(0, 35));
    const tiny = subsetLayout(layout, 4);
    assert.deepEqual([tiny.train.cats.length, tiny.validation.dogs.length, tiny.test.cats.length], [1, 1, 1]);
    assert.equal(subsetLayout(layout, 10_000), layout);
    assert.equal(countPhotos(layout), 200);
  });

  it('interleaves splits and classes so any prefix mixes them', () => {
    const files = interleavedFiles(layout);
    assert.equal(files.length, 200);
    assert.deepEqual(files.slice(0, 7), ['tc0', 'td0', 'vc0', 'vd0', 'sc0', 'sd0', 'tc1']);
    assert.equal(new Set(files).size, 200);
  });
});

describe('bench: memory probe requests and rate loops', () => {
  it('parses a probe request and refuses anything else', () => {
    assert.deepEqual(parseProbeRequest('{"storage":"disk","photos":500,"epochs":2}'), { storage: 'disk', photos: 500, epochs: 2 });
    for (const bad of ['', 'nope', '{"storage":"ram","photos":5,"epochs":1}', '{"storage":"disk","photos":0,"epochs":1}', '{"storage":"disk","photos":5}']) {
      assert.equal(parseProbeRequest(bad), undefined, bad);
    }
  });

  it('runs one untimed warm-up, then steps until the photo budget is met', async () => {
    const calls: number[] = [];
    const rate = await measureLoop({ minSeconds: 0, minPhotos: 10, maxPhotos: 100 }, async (i) => (calls.push(i), 4));
    assert.deepEqual(calls, [-1, 0, 1, 2]);
    assert.equal(rate.photos, 12);
    const capped = await measureLoop({ minSeconds: 3600, minPhotos: 1, maxPhotos: 8 }, async () => 4);
    assert.equal(capped.photos, 8, 'maxPhotos ends it before minSeconds');
  });
});
