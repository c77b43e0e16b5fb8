import { strict as assert } from 'node:assert';
import { mulberry32, seededPermutation, shuffleInPlace } from '../../../src/engine/util/random';

describe('seeded random numbers', () => {
  it('gives the same sequence for the same seed and different ones for different seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 100 }, a);
    assert.deepEqual(Array.from({ length: 100 }, b), sa);
    assert.notDeepEqual(Array.from({ length: 100 }, c), sa);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const r = mulberry32(1);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100000; i++) {
      const v = r();
      assert.ok(v >= 0 && v < 1);
      bins[Math.floor(v * 10)]++;
    }
    for (const n of bins) assert.ok(n > 9500 && n < 10500, `bin count ${n}`);
  });

  it('treats seeds as 32-bit integers', () => {
    assert.equal(mulberry32(2 ** 32 + 5)(), mulberry32(5)());
    assert.equal(mulberry32(-1)(), mulberry32(0xffffffff)());
  });

  it('shuffles into a permutation that depends on the seed only', () => {
    const p = seededPermutation(1000, 7);
    assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
    assert.deepEqual(seededPermutation(1000, 7), p);
    assert.notDeepEqual(seededPermutation(1000, 8), p);
    assert.notDeepEqual(p, Array.from({ length: 1000 }, (_, i) => i));
    assert.deepEqual(seededPermutation(0, 1), []);
    assert.deepEqual(seededPermutation(1, 1), [0]);
  });

  it('puts each item in each place about equally often', () => {
    const counts = [0, 0, 0, 0];
    const r = mulberry32(3);
    for (let i = 0; i < 40000; i++) counts[shuffleInPlace([0, 1, 2, 3], r).indexOf(0)]++;
    for (const n of counts) assert.ok(n > 9500 && n < 10500, `position count ${n}`);
  });
});
