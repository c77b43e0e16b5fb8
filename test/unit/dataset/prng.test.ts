import { strict as assert } from 'node:assert';
import { compareCodeUnits, deriveSeed, mulberry32, seededShuffle } from '../../../src/engine/dataset/prng';

describe('dataset/prng', () => {
  it('mulberry32 gives the same sequence for the same seed and another for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 20 }, () => a());
    const sb = Array.from({ length: 20 }, () => b());
    const sc = Array.from({ length: 20 }, () => c());
    assert.deepEqual(sa, sb);
    assert.notDeepEqual(sa, sc);
    for (const x of sa) assert.ok(x >= 0 && x < 1, `${x} outside [0, 1)`);
  });

  it('mulberry32 is roughly uniform', () => {
    const r = mulberry32(7);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(r() * 10)]++;
    for (const n of bins) assert.ok(n > 9_500 && n < 10_500, `bin count ${n}`);
  });

  it('seededShuffle is a deterministic permutation that leaves its input alone', () => {
    const items = Array.from({ length: 100 }, (_, i) => `cat.${i}.jpg`);
    const copy = items.slice();
    const s1 = seededShuffle(items, 1);
    const s2 = seededShuffle(items, 1);
    const s3 = seededShuffle(items, 2);
    assert.deepEqual(items, copy);
    assert.deepEqual(s1, s2);
    assert.notDeepEqual(s1, s3);
    assert.notDeepEqual(s1, items);
    assert.deepEqual([...s1].sort(), [...items].sort());
  });

  it('seededShuffle puts every item in every position about equally often', () => {
    const counts = Array.from({ length: 4 }, () => new Array(4).fill(0));
    for (let seed = 0; seed < 4000; seed++) seededShuffle([0, 1, 2, 3], seed).forEach((v, pos) => counts[v][pos]++);
    for (const row of counts) for (const n of row) assert.ok(n > 850 && n < 1150, `position count ${n}`);
  });

  it('deriveSeed differs per label and per seed, and is stable', () => {
    assert.equal(deriveSeed(42, 'cats'), deriveSeed(42, 'cats'));
    assert.notEqual(deriveSeed(42, 'cats'), deriveSeed(42, 'dogs'));
    assert.notEqual(deriveSeed(42, 'cats'), deriveSeed(43, 'cats'));
    assert.ok(Number.isInteger(deriveSeed(0xffffffff, 'dogs')) && deriveSeed(0xffffffff, 'dogs') >= 0);
  });

  it('compareCodeUnits orders by code units, not by locale', () => {
    assert.deepEqual(['b', 'B', 'a', 'cat.10.jpg', 'cat.9.jpg'].sort(compareCodeUnits), ['B', 'a', 'b', 'cat.10.jpg', 'cat.9.jpg']);
  });
});
