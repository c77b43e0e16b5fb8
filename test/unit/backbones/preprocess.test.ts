import * as assert from 'node:assert/strict';
import { PREPROCESSINGS } from '../../../src/shared/config/architectures';
import { preprocessPixels, preprocessTensor } from '../../../src/engine/backbones';
import { tf } from '../../../src/engine/tf/tf';

const close = (a: ArrayLike<number>, b: number[], tol = 1e-5) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) < tol, `index ${i}: ${a[i]} vs ${b[i]}`);
};

// Two pixels: pure red-ish and a grey.
const PIXELS = [255, 10, 0, 128, 128, 128];

describe('preprocessing', () => {
  it('caffe: RGB to BGR, minus the ImageNet BGR mean', () => {
    close(preprocessPixels(PIXELS, 'caffe'), [0 - 103.939, 10 - 116.779, 255 - 123.68, 128 - 103.939, 128 - 116.779, 128 - 123.68]);
  });
  it('tf: x / 127.5 - 1', () => {
    close(preprocessPixels(PIXELS, 'tf'), [1, 10 / 127.5 - 1, -1, 128 / 127.5 - 1, 128 / 127.5 - 1, 128 / 127.5 - 1]);
  });
  it('torch: x / 255 normalised by the ImageNet mean and std', () => {
    close(preprocessPixels(PIXELS, 'torch'), [(1 - 0.485) / 0.229, (10 / 255 - 0.456) / 0.224, (0 - 0.406) / 0.225, (128 / 255 - 0.485) / 0.229, (128 / 255 - 0.456) / 0.224, (128 / 255 - 0.406) / 0.225]);
  });
  it('raw leaves pixels alone and none divides by 255', () => {
    close(preprocessPixels(PIXELS, 'raw'), PIXELS);
    close(preprocessPixels(PIXELS, 'none'), PIXELS.map((v) => v / 255));
  });
  it('rejects arrays that are not RGB triples', () => {
    assert.throws(() => preprocessPixels([1, 2], 'tf'), /RGB triples/);
  });
  it('the tensor version gives the array version for every mode, without disposing its input', () => {
    const t = tf();
    const x = t.tensor4d(PIXELS, [1, 1, 2, 3]);
    for (const mode of PREPROCESSINGS) {
      const y = preprocessTensor(x, mode);
      assert.deepEqual(y.shape, [1, 1, 2, 3]);
      close(y.dataSync(), Array.from(preprocessPixels(PIXELS, mode)));
      y.dispose();
    }
    assert.equal(x.isDisposed, false);
    x.dispose();
  });
});
