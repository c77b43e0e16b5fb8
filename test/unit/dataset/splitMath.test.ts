import { strict as assert } from 'node:assert';
import { assignSplits, checkRatios, formatRatios, normalizeRatios, splitCounts } from '../../../src/engine/dataset/splitMath';

describe('dataset/splitMath', () => {
  it('1,000 photos at 70/15/15 give exactly 700/150/150, as ratios or fractions', () => {
    assert.deepEqual(splitCounts(1000, [70, 15, 15]), [700, 150, 150]);
    assert.deepEqual(splitCounts(1000, [0.7, 0.15, 0.15]), [700, 150, 150]);
    assert.deepEqual(splitCounts(12500, [70, 15, 15]), [8750, 1875, 1875]);
  });

  it('the parts always add up to n and each is within one of its exact share', () => {
    for (const ratios of [[70, 15, 15], [80, 10, 10], [1, 1, 1], [0.6, 0.2, 0.2], [97, 2, 1]]) {
      const sum = ratios[0] + ratios[1] + ratios[2];
      for (let n = 0; n <= 503; n++) {
        const c = splitCounts(n, ratios);
        assert.equal(c[0] + c[1] + c[2], n, `n=${n} ratios=${ratios}`);
        c.forEach((k, i) => assert.ok(Math.abs(k - (n * ratios[i]) / sum) < 1 + 1e-9, `n=${n} part ${i}=${k}`));
      }
    }
  });

  it('leftovers go to the largest remainders (ties: train, validation, test)', () => {
    assert.deepEqual(splitCounts(999, [70, 15, 15]), [699, 150, 150]);
    assert.deepEqual(splitCounts(10, [70, 15, 15]), [7, 2, 1]);
    assert.deepEqual(splitCounts(2, [1, 1, 1]), [1, 1, 0]);
  });

  it('checkRatios explains bad splits', () => {
    assert.equal(checkRatios([70, 15, 15]), undefined);
    assert.match(checkRatios([70, 30])!, /three numbers/);
    assert.match(checkRatios([70, 30, 0])!, /above 0/);
    assert.match(checkRatios([70, NaN, 15])!, /above 0/);
    assert.throws(() => normalizeRatios([1, -1, 1]), RangeError);
    assert.deepEqual(normalizeRatios([2, 1, 1]), [0.5, 0.25, 0.25]);
    assert.equal(formatRatios([70, 15, 15]), '70/15/15');
  });

  it('assignSplits is deterministic, ignores input order, and partitions the names', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `cat.${i + 1}.jpg`);
    const a = assignSplits(names, [70, 15, 15], 42);
    const b = assignSplits([...names].reverse(), [70, 15, 15], 42);
    assert.deepEqual(a, b);
    assert.deepEqual([a.train.length, a.validation.length, a.test.length], [700, 150, 150]);
    const all = [...a.train, ...a.validation, ...a.test];
    assert.equal(new Set(all).size, 1000);
    assert.deepEqual(all.sort(), [...names].sort());
  });

  it('another seed gives another split', () => {
    const names = Array.from({ length: 200 }, (_, i) => `dog.${i}.jpg`);
    const a = assignSplits(names, [70, 15, 15], 1);
    const b = assignSplits(names, [70, 15, 15], 2);
    assert.notDeepEqual(a.test, b.test);
    // The split is a shuffle, not a cut of the sorted list.
    assert.notDeepEqual(a.train, [...names].sort().slice(0, 140).sort());
  });
});
