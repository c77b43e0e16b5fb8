import { strict as assert } from 'node:assert';
import { EngineError, toErrorMessage } from '../../../src/engine/errors';
import { WASM_HEAP_BYTES, checkHeadFits, estimateHeadTraining } from '../../../src/engine/training/memoryCheck';
import type { ExperimentConfig } from '../../../src/shared/config/types';

function config(head: ExperimentConfig['head'], batchSize: number): ExperimentConfig {
  return {
    name: 'x',
    data: '.',
    backbone: { architecture: 'MobileNet', alpha: 0.25, weights: null, inputSize: [1024, 1024], preprocessing: 'tf', trainable: false },
    head,
    training: { optimizer: 'adam', learningRate: 1e-3, batchSize, epochs: 1, seed: 1 },
  };
}

describe('out of memory: said clearly, before and after', () => {
  it('counts the head the way tf.layers builds it (the lab baseline: VGG16 at 150 px, Flatten, Dense 256)', () => {
    const e = estimateHeadTraining([4, 4, 512], { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0.5 }] }, 64);
    assert.equal(e.inputs, 8192);
    assert.equal(e.params, 8192 * 256 + 256 + 257, 'the same as model.countParams() of buildHead');
    assert.equal(estimateHeadTraining([4, 4, 512], { pooling: 'gap', layers: [] }, 64).params, 513);
  });

  it('lets the lab baseline through, and refuses a Flatten head of a billion weights on wasm before building it', () => {
    checkHeadFits([4, 4, 512], config({ pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0.5 }] }, 64), 'wasm');
    const huge = config({ pooling: 'flatten', layers: [{ units: 4096, activation: 'relu', dropout: 0.5 }] }, 8);
    assert.throws(
      () => checkHeadFits([32, 32, 256], huge, 'wasm'),
      (e: unknown) =>
        e instanceof EngineError &&
        e.code === 'out-of-memory' &&
        e.path === 'head.pooling' &&
        /needs at least 17\.2 GB to train, more than the wasm backend's 4 GiB: the head has 1,073,750,017 weights .*Flatten gives 262,144 values per photo and the first Dense layer has 4096 units/.test(e.message) &&
        /smaller training\.batchSize or backbone\.inputSize/.test(e.hint!) &&
        /try "gap"/.test(e.hint!),
    );
    // The same head on a machine with 64 GiB and the cpu backend fits.
    checkHeadFits([32, 32, 256], huge, 'cpu', 64 * 1024 ** 3);
  });

  it('blames the batch when the batch is what does not fit', () => {
    const big = config({ pooling: 'flatten', layers: [{ units: 16, activation: 'relu', dropout: 0 }] }, 4096);
    assert.ok(estimateHeadTraining([32, 32, 256], big.head, 4096).bytes > WASM_HEAP_BYTES);
    assert.throws(() => checkHeadFits([32, 32, 256], big, 'wasm'), (e: unknown) => e instanceof EngineError && e.path === 'training.batchSize' && /a batch of 4096 photos/.test(e.message));
  });

  it('maps what running out of memory throws (measured on the wasm backend, Node and tfjs-node) to out-of-memory with the hint', () => {
    const measured = [
      Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' }), // wasm: a 5th 1 GiB tensor
      new RangeError('offset is out of bounds'), // wasm: a Flatten head of 1e9 weights (34 s, 4.3 GB RSS)
      new RangeError('Array buffer allocation failed'),
      new Error('OOM when allocating tensor with shape[4096,262144] and type float'),
      new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'),
    ];
    for (const err of measured) {
      const m = toErrorMessage(err);
      assert.equal(m.code, 'out-of-memory', err.message);
      assert.match(m.message, /^Out of memory: /);
      assert.match(m.hint!, /smaller training\.batchSize/);
    }
    assert.equal(toErrorMessage(new TypeError('x is not a function')).code, 'internal');
    assert.equal(toErrorMessage(new Error('ZOOM level')).code, 'internal', 'OOM only as a word');
  });
});
