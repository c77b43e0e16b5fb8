import { strict as assert } from 'node:assert';
import { CancelledError } from '../../../src/engine/errors';
import { tf } from '../../../src/engine/tf/tf';
import { fitOnFeatures } from '../../../src/engine/training/fitHead';
import type { FeatureSource } from '../../../src/engine/training/featureSource';
import { buildHead } from '../../../src/engine/training/head';
import { makeOptimizer } from '../../../src/engine/training/optimizer';

/** Rows read from a store that is closed once training stops: batches still in flight then fail. */
function closingSource(count: number, rowSize: number): FeatureSource & { close(): void } {
  let closed = false;
  return {
    count,
    rowSize,
    close: () => void (closed = true),
    getBatch: (indices) =>
      new Promise((resolve, reject) =>
        setTimeout(() => (closed ? reject(new Error('the store is closed')) : resolve(new Float32Array(indices.length * rowSize).fill(0.5))), 5),
      ),
  };
}

describe('cancelling head training while the next batch is being read', () => {
  before(async () => {
    await tf().setBackend('cpu');
  });

  it('stops with CancelledError and leaves no unhandled rejection behind', async () => {
    const head = buildHead([2, 2, 4], { pooling: 'flatten', layers: [] }, 1);
    const optimizer = makeOptimizer('adam', 0.01);
    head.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const source = closingSource(100, 16);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    // Mocha's own handler would fail some later test instead; collect them here.
    const mochaHandlers = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', onUnhandled);
    const controller = new AbortController();
    try {
      await assert.rejects(
        fitOnFeatures({
          model: head, inputShape: [2, 2, 4], train: { source, labels: new Uint8Array(100), files: [] }, validation: { source, labels: new Uint8Array(100), files: [] },
          epochs: 2, batchSize: 10, seed: 1, phase: 'train', signal: controller.signal,
          onBatch: (_epoch, done) => done === 2 && controller.abort(),
        }),
        (e: unknown) => e instanceof CancelledError,
      );
      source.close();
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      for (const h of mochaHandlers) process.on('unhandledRejection', h);
      head.dispose();
      optimizer.dispose();
    }
  });
});
