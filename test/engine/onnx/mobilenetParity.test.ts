/**
 * The real MobileNet v1 0.75 (ImageNet weights, TensorFlow.js layers format from ../shared),
 * truncated at conv_pw_13_relu, gives the same features on real photos in onnxruntime-node as in
 * TensorFlow.js.
 */
import { strict as assert } from 'node:assert';
import type { LayersModel } from '@tensorflow/tfjs';
import { tf } from '../../../src/engine/tf/tf';
import { loadLayersModelFile, truncateAt } from '../../support/layersModelFile';
import { compareExtractors } from '../../support/parity';
import { sharedPhotoPixels } from '../../support/photos';
import { MOBILENET_075_JSON, sharedAvailable } from '../../support/shared';
import { useWasmBackend } from '../../support/wasmBackend';

describe('ONNX export: real MobileNet v1 0.75 on real photos', function () {
  let full: LayersModel | undefined;
  let previousBackend = '';

  before(async function () {
    if (!sharedAvailable()) this.skip();
    previousBackend = tf().getBackend();
    await useWasmBackend();
    full = await loadLayersModelFile(MOBILENET_075_JSON);
  });
  after(async () => {
    full?.dispose();
    if (previousBackend) await tf().setBackend(previousBackend);
  });

  it('matches TensorFlow.js at conv_pw_13_relu on 4 photos', async () => {
    const backbone = truncateAt(full!, 'conv_pw_13_relu');
    assert.deepEqual(backbone.outputs[0].shape, [null, 7, 7, 768]);
    const pixels = await sharedPhotoPixels(4, 224, 224);
    const r = await compareExtractors(backbone, 'tf', pixels, 4, 2);
    const active = r.tfjs.filter((v) => v > 0).length / r.tfjs.length;
    assert.ok(active > 0.05, `only ${(active * 100).toFixed(1)} % of features are non-zero: the photos did not reach the network`);
    assert.ok(r.error < 1e-4, `relative error ${r.error.toExponential(2)}`);
  });

  it('matches TensorFlow.js through the whole classifier (softmax over 1000 classes)', async () => {
    const pixels = await sharedPhotoPixels(2, 224, 224, 10);
    const r = await compareExtractors(full!, 'tf', pixels, 2);
    assert.deepEqual(r.featureShape, [1000]);
    assert.ok(r.error < 1e-4, `relative error ${r.error.toExponential(2)}`);
    // Same top class for each photo.
    for (let p = 0; p < 2; p++) {
      const argmax = (a: Float32Array) => a.subarray(p * 1000, (p + 1) * 1000).reduce((best, v, i, arr) => (v > arr[best] ? i : best), 0);
      assert.equal(argmax(r.onnx), argmax(r.tfjs));
    }
  });
});
