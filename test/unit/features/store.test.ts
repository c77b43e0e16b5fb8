import { strict as assert } from 'node:assert';
import { float32ToFloat16Array } from '../../../src/engine/features/float16';
import { MemoryFeatureStore } from '../../../src/engine/features/store';

describe('in-memory feature store', () => {
  it('returns float32 rows by index, in the order asked, into a reusable buffer', async () => {
    const store = new MemoryFeatureStore(5, [1, 2, 3]);
    assert.equal(store.rowLength, 6);
    assert.equal(store.memoryBytes, 5 * 6 * 2);
    for (let i = 0; i < 5; i++) if (i !== 3) store.set(i, float32ToFloat16Array(Float32Array.from({ length: 6 }, (_, j) => i * 10 + j)));
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => store.has(i)), [true, true, true, false, true]);
    const batch = await store.getBatch([4, 0]);
    assert.deepEqual([...batch], [40, 41, 42, 43, 44, 45, 0, 1, 2, 3, 4, 5]);
    const out = new Float32Array(18);
    const again = await store.getBatch([2, 1], out);
    assert.equal(again, out);
    assert.deepEqual([...out.subarray(0, 12)], [20, 21, 22, 23, 24, 25, 10, 11, 12, 13, 14, 15]);
    await assert.rejects(store.getBatch([3]), /no features/);
    await assert.rejects(store.getBatch([0, 1], new Float32Array(11)), RangeError);
    assert.throws(() => store.slot(5), RangeError);
    assert.throws(() => store.set(0, new Uint16Array(5)), RangeError);
  });

  it('marks a slot present only when told', () => {
    const store = new MemoryFeatureStore(2, [2]);
    store.slot(1).set([1, 2]);
    assert.equal(store.has(1), false);
    store.markPresent(1);
    assert.equal(store.has(1), true);
  });
});
