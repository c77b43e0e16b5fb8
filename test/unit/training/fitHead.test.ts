import { strict as assert } from 'node:assert';
import { tf } from '../../../src/engine/tf/tf';
import { buildHead } from '../../../src/engine/training/head';
import { fitOnFeatures, predictAll } from '../../../src/engine/training/fitHead';
import { inMemorySource, type LabelledFeatures } from '../../../src/engine/training/featureSource';
import { makeOptimizer } from '../../../src/engine/training/optimizer';
import { mulberry32 } from '../../../src/engine/util/random';
import { accuracy } from '../../../src/engine/training/metrics';

/** Two Gaussian blobs in a [2, 2, 4] "feature map": dogs have a positive mean, cats a negative one. */
function blobs(n: number, seed: number, shift = 0.6): LabelledFeatures {
  const rand = mulberry32(seed);
  const rowSize = 16;
  const rows = new Float32Array(n * rowSize);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let j = 0; j < rowSize; j++) rows[i * rowSize + j] = (labels[i] ? shift : -shift) + (rand() - 0.5) * 2;
  }
  return { source: inMemorySource(rows, rowSize), labels, files: [] };
}

describe('training the head on features', () => {
  before(async () => {
    await tf().setBackend('cpu');
  });

  it('learns separable features, reports Keras-style epochs, and leaks no tensors', async () => {
    const head = buildHead([2, 2, 4], { pooling: 'flatten', layers: [{ units: 8, activation: 'relu', dropout: 0.25 }] }, 7);
    head.compile({ optimizer: makeOptimizer('adam', 0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const train = blobs(200, 1);
    const validation = blobs(60, 2);
    const tensorsPerEpoch: number[] = [];
    const seen: number[] = [];
    const result = await fitOnFeatures({
      model: head, inputShape: [2, 2, 4], train, validation, epochs: 6, batchSize: 32, seed: 3, phase: 'train',
      signal: new AbortController().signal,
      onEpoch: (p) => { seen.push(p.epoch); tensorsPerEpoch.push(tf().memory().numTensors); },
    });
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
    assert.equal(result.epochs.length, 6);
    const last = result.epochs[5];
    assert.ok(last.valAcc > 0.9, `val_acc ${last.valAcc}`);
    assert.ok(last.loss < result.epochs[0].loss, 'training loss falls');
    // Tensor count flat across epochs (the optimizer's slots exist from the first step on).
    assert.equal(new Set(tensorsPerEpoch.slice(1)).size, 1, `tensor counts ${tensorsPerEpoch}`);
    const probs = await predictAll(head, validation.source, [2, 2, 4], 16);
    assert.equal(accuracy(probs, validation.labels), last.valAcc);
  });

  it('builds the lab baseline head with Keras parameter counts', () => {
    // VGG16 at 150 px gives a 4x4x512 map: Flatten 8192 -> Dense 256 -> Dense 1.
    const head = buildHead([4, 4, 512], { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0.5 }] }, 1);
    assert.equal(head.countParams(), 8192 * 256 + 256 + 257);
    assert.deepEqual(head.layers.map((l) => l.getClassName()), ['InputLayer', 'Flatten', 'Dense', 'Dropout', 'Dense']);
    const gap = buildHead([4, 4, 512], { pooling: 'gap', layers: [{ units: 256, activation: 'relu', dropout: 0 }] }, 1);
    assert.equal(gap.countParams(), 512 * 256 + 256 + 257);
    head.dispose();
    gap.dispose();
  });

  it('stops early and restores the best epoch', async () => {
    const head = buildHead([2, 2, 4], { pooling: 'flatten', layers: [] }, 1);
    // A learning rate this large diverges after the first epochs, so validation loss rises.
    head.compile({ optimizer: makeOptimizer('sgd', 5), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const validation = blobs(60, 5, 0.1);
    const result = await fitOnFeatures({
      model: head, inputShape: [2, 2, 4], train: blobs(100, 4, 0.1), validation, epochs: 30, batchSize: 10, seed: 1, phase: 'train',
      earlyStopping: { patience: 2, restoreBest: true, monitor: 'val_loss' }, signal: new AbortController().signal,
    });
    assert.ok(result.stoppedEarly, 'stopped early');
    assert.equal(result.epochs.length, result.bestEpoch! + 2);
    const best = result.epochs[result.bestEpoch! - 1];
    const probs = await predictAll(head, validation.source, [2, 2, 4], 16);
    assert.equal(accuracy(probs, validation.labels), best.valAcc, 'the best epoch\'s weights are back');
  });

  it('stops at the next batch when cancelled', async () => {
    const head = buildHead([2, 2, 4], { pooling: 'flatten', layers: [] }, 1);
    head.compile({ optimizer: makeOptimizer('adam', 0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const controller = new AbortController();
    let batches = 0;
    await assert.rejects(
      fitOnFeatures({
        model: head, inputShape: [2, 2, 4], train: blobs(100, 1), validation: blobs(20, 2), epochs: 3, batchSize: 10, seed: 1, phase: 'train',
        signal: controller.signal,
        onBatch: () => { if (++batches === 3) controller.abort(); },
      }),
      /Cancelled/,
    );
    assert.equal(batches, 3);
  });

  it('lets a cancel that arrives as an event (the host\'s IPC message) stop it between batches', async () => {
    // In-memory features and the CPU backend resolve every await as a microtask: without a yield to
    // the event loop, a cancel message would wait until training ended by itself.
    const head = buildHead([2, 2, 4], { pooling: 'flatten', layers: [] }, 1);
    head.compile({ optimizer: makeOptimizer('adam', 0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const controller = new AbortController();
    let batches = 0;
    setImmediate(() => controller.abort());
    await assert.rejects(
      fitOnFeatures({
        model: head, inputShape: [2, 2, 4], train: blobs(100, 1), validation: blobs(20, 2), epochs: 20, batchSize: 10, seed: 1, phase: 'train',
        signal: controller.signal,
        onBatch: () => void batches++,
      }),
      /Cancelled/,
    );
    assert.ok(batches < 10, `${batches} batches ran after the cancel was sent`);
  });
});
