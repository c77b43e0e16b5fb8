import { strict as assert } from 'node:assert';
import { CancelledError } from '../../../src/engine/errors';
import { imageBatches, visitOrder, type PhotoDecoder } from '../../../src/engine/images/batches';

const SIZE: [number, number] = [2, 3];
const PHOTO = 2 * 3 * 3;

/** A fake decoder: photo "p<N>" fills its pixels with N; names containing "bad" fail. Counts work in flight. */
function fakeDecoder(delayMs = 1) {
  const state = { inFlight: 0, peak: 0, calls: [] as string[] };
  const decode: PhotoDecoder = async (file, size, _method, dst, offset) => {
    state.calls.push(file);
    state.inFlight++;
    state.peak = Math.max(state.peak, state.inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    state.inFlight--;
    if (file.includes('bad')) return { ok: false, reason: `cannot read ${file}` };
    const value = Number(file.slice(1));
    dst.fill(value, offset, offset + size[0] * size[1] * 3);
    return { ok: true };
  };
  return { decode, state };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

describe('image batches', () => {
  it('yields every photo once, in order, in batches of batchSize, with their pixels', async () => {
    const { decode } = fakeDecoder();
    const files = names(10);
    const seen: number[] = [];
    const sizes: number[] = [];
    for await (const batch of imageBatches(files, { size: SIZE, batchSize: 4, decode })) {
      sizes.push(batch.indices.length);
      assert.equal(batch.pixels.length, batch.indices.length * PHOTO);
      batch.indices.forEach((index, slot) => {
        assert.equal(batch.files[slot], files[index]);
        assert.ok(batch.pixels.subarray(slot * PHOTO, (slot + 1) * PHOTO).every((v) => v === index));
      });
      seen.push(...batch.indices);
    }
    assert.deepEqual(sizes, [4, 4, 2]);
    assert.deepEqual(seen, visitOrder(10));
  });

  it('leaves failed photos out, packs the rest, and names the failures', async () => {
    const { decode } = fakeDecoder();
    const files = ['p0', 'bad1', 'p2', 'bad3', 'p4'];
    const batches = [];
    for await (const batch of imageBatches(files, { size: SIZE, batchSize: 5, decode })) batches.push(batch);
    assert.equal(batches.length, 1);
    const [batch] = batches;
    assert.deepEqual(batch.indices, [0, 2, 4]);
    assert.deepEqual(batch.failed, [{ index: 1, file: 'bad1', reason: 'cannot read bad1' }, { index: 3, file: 'bad3', reason: 'cannot read bad3' }]);
    assert.deepEqual([0, 1, 2].map((slot) => batch.pixels[slot * PHOTO]), [0, 2, 4]);
  });

  it('shuffles with a seed: same seed, same order; every photo still once', async () => {
    const order = async (seed: number) => {
      const { decode } = fakeDecoder(0);
      const out: number[] = [];
      for await (const batch of imageBatches(names(50), { size: SIZE, batchSize: 8, decode, shuffleSeed: seed })) {
        batch.indices.forEach((index, slot) => assert.equal(batch.pixels[slot * PHOTO], index));
        out.push(...batch.indices);
      }
      return out;
    };
    const a = await order(5);
    assert.deepEqual(await order(5), a);
    assert.notDeepEqual(await order(6), a);
    assert.deepEqual([...a].sort((x, y) => x - y), visitOrder(50));
    assert.notDeepEqual(a, visitOrder(50));
  });

  it('bounds decodes in flight and prefetches only so far ahead', async () => {
    const { decode, state } = fakeDecoder(2);
    const iterator = imageBatches(names(40), { size: SIZE, batchSize: 4, decode, concurrency: 3, prefetch: 1 });
    const first = await iterator.next();
    assert.equal(first.done, false);
    // While the consumer holds batch 0, only batch 1 (the prefetch) may be decoded.
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(state.calls.length <= 8, `${state.calls.length} photos decoded ahead of a consumer at batch 0`);
    for await (const batch of { [Symbol.asyncIterator]: () => iterator }) void batch;
    assert.equal(state.calls.length, 40);
    assert.equal(state.peak, 3);
  });

  it('stops with CancelledError when the signal aborts, without decoding the rest', async () => {
    const { decode, state } = fakeDecoder(1);
    const controller = new AbortController();
    let batches = 0;
    await assert.rejects(
      (async () => {
        for await (const batch of imageBatches(names(100), { size: SIZE, batchSize: 5, decode, signal: controller.signal })) {
          void batch;
          if (++batches === 2) controller.abort();
        }
      })(),
      CancelledError,
    );
    assert.equal(batches, 2);
    assert.ok(state.calls.length < 30, `${state.calls.length} photos decoded`);
  });

  it('stops decoding when the consumer breaks out early', async () => {
    const { decode, state } = fakeDecoder(1);
    for await (const batch of imageBatches(names(100), { size: SIZE, batchSize: 5, decode })) {
      void batch;
      break;
    }
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(state.calls.length <= 10, `${state.calls.length} photos decoded`);
  });

  it('handles an empty list and refuses a bad batch size', async () => {
    const { decode } = fakeDecoder();
    for await (const batch of imageBatches([], { size: SIZE, batchSize: 4, decode })) assert.fail(`unexpected batch ${batch.indices}`);
    await assert.rejects(imageBatches(['p0'], { size: SIZE, batchSize: 0, decode }).next(), RangeError);
  });
});
