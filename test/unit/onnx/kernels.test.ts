import { strict as assert } from 'node:assert';
import { convKernelToOnnx, depthwiseKernelToOnnx } from '../../../src/engine/onnx/layers/convolution';
import { foldBatchNorm } from '../../../src/engine/onnx/layers/normalization';

/** Index of a row-major array of this shape. */
const at = (shape: number[], idx: number[]) => idx.reduce((acc, i, d) => acc * shape[d] + i, 0);

describe('kernel layouts and batch-norm folding', () => {
  it('moves a TF conv kernel [kh, kw, cin, cout] to ONNX [cout, cin, kh, kw]', () => {
    const tfShape = [2, 3, 4, 5];
    const k = Float32Array.from({ length: 120 }, (_, i) => i);
    const w = convKernelToOnnx(k, tfShape);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 4; c++) for (let o = 0; o < 5; o++) {
      assert.equal(w[at([5, 4, 2, 3], [o, c, i, j])], k[at(tfShape, [i, j, c, o])]);
    }
  });

  it('moves a depthwise kernel [kh, kw, cin, m] to [cin*m, 1, kh, kw] with output channel c*m + j', () => {
    const tfShape = [3, 2, 4, 2];
    const k = Float32Array.from({ length: 48 }, (_, i) => i);
    const w = depthwiseKernelToOnnx(k, tfShape);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) for (let c = 0; c < 4; c++) for (let d = 0; d < 2; d++) {
      assert.equal(w[at([8, 1, 3, 2], [c * 2 + d, 0, i, j])], k[at(tfShape, [i, j, c, d])]);
    }
  });

  it('folds batch normalisation into output-channel-first weights and bias', () => {
    const w = Float32Array.from([1, 2, 3, 4]); // two output channels of two weights
    const bias = Float32Array.from([0.5, -1]);
    const bn = { gamma: Float32Array.from([2, 1]), beta: Float32Array.from([0.1, 0.2]), mean: Float32Array.from([1, -1]), variance: Float32Array.from([3, 0.5]), epsilon: 1 };
    const b = foldBatchNorm(w, bias, 2, bn);
    // channel 0: s = 2 / sqrt(4) = 1; channel 1: s = 1 / sqrt(1.5)
    const s1 = 1 / Math.sqrt(1.5);
    assert.deepEqual(Array.from(w), [1, 2, Math.fround(3 * s1), Math.fround(4 * s1)]);
    assert.ok(Math.abs(b[0] - ((0.5 - 1) * 1 + 0.1)) < 1e-6);
    assert.ok(Math.abs(b[1] - ((-1 + 1) * s1 + 0.2)) < 1e-6);
  });
});
