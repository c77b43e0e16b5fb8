import { strict as assert } from 'node:assert';
import { axisPadding, padding2D } from '../../../src/engine/onnx/padding';

describe("TF 'same'/'valid' padding as static ONNX pads", () => {
  it('puts the odd pixel of SAME padding at the end, as TensorFlow does', () => {
    assert.deepEqual(axisPadding(7, 3, 2, 1, 'same'), { out: 4, before: 1, after: 1 });
    assert.deepEqual(axisPadding(8, 3, 2, 1, 'same'), { out: 4, before: 0, after: 1 });
    assert.deepEqual(axisPadding(8, 2, 1, 1, 'same'), { out: 8, before: 0, after: 1 });
    assert.deepEqual(axisPadding(224, 3, 2, 1, 'same'), { out: 112, before: 0, after: 1 });
    assert.deepEqual(axisPadding(5, 7, 1, 1, 'same'), { out: 5, before: 3, after: 3 });
  });

  it('never pads negatively when the stride skips past the kernel', () => {
    assert.deepEqual(axisPadding(8, 1, 2, 1, 'same'), { out: 4, before: 0, after: 0 });
    assert.deepEqual(axisPadding(9, 1, 3, 1, 'same'), { out: 3, before: 0, after: 0 });
  });

  it('accounts for dilation', () => {
    // effective kernel 5
    assert.deepEqual(axisPadding(9, 3, 1, 2, 'same'), { out: 9, before: 2, after: 2 });
    assert.deepEqual(axisPadding(9, 3, 1, 2, 'valid'), { out: 5, before: 0, after: 0 });
  });

  it('computes VALID output sizes', () => {
    assert.deepEqual(axisPadding(7, 3, 2, 1, 'valid'), { out: 3, before: 0, after: 0 });
    assert.deepEqual(axisPadding(8, 3, 2, 1, 'valid'), { out: 3, before: 0, after: 0 });
    assert.deepEqual(axisPadding(150, 2, 2, 1, 'valid'), { out: 75, before: 0, after: 0 });
  });

  it('orders 2-D pads as ONNX wants: top, left, bottom, right', () => {
    assert.deepEqual(padding2D([8, 7], [3, 3], [2, 2], [1, 1], 'same'), { out: [4, 4], pads: [0, 1, 1, 1] });
  });
});
