/**
 * The real Keras file ../shared/models/keras/mobilenet_2_5_224_tf_no_top.h5 loaded into our tf.layers
 * MobileNet(0.25) against the same ImageNet weights exported to TensorFlow.js (../shared's
 * mobilenet_v1_0.25_224 model.json): identical arrays and identical features on real photos.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackbone, preprocessTensor, type Backbone, type BackboneSpec } from '../../../src/engine/backbones';
import { EngineError } from '../../../src/engine/errors';
import { tf } from '../../../src/engine/tf/tf';
import { MOBILENET_025_H5, MOBILENET_025_JSON, sharedAvailable } from '../../support/shared';
import { photoBatch } from './samplePhotos';

const PHOTOS = ['cat.1.jpg', 'dog.1.jpg', 'cat.2.jpg'];

function spec(weights: string, extra: Partial<BackboneSpec> = {}): BackboneSpec {
  return { architecture: 'MobileNet', alpha: 0.25, weights, inputSize: [224, 224], preprocessing: 'tf', trainable: false, ...extra };
}

describe('real MobileNet 0.25: Keras .h5 vs TensorFlow.js model.json', function () {
  let cacheDir: string;
  let fromH5: Backbone;
  let fromJson: Backbone;
  before(async function () {
    if (!sharedAvailable()) this.skip();
    cacheDir = mkdtempSync(join(tmpdir(), 'cats-dogs-real-'));
    let t0 = Date.now();
    fromH5 = await loadBackbone(spec(MOBILENET_025_H5), { configDir: '/', cacheDir });
    console.log(`      build + load .h5: ${Date.now() - t0} ms (includes loading h5wasm)`);
    t0 = Date.now();
    fromJson = await loadBackbone(spec(MOBILENET_025_JSON), { configDir: '/', cacheDir });
    console.log(`      load model.json and cut at conv_pw_13_relu: ${Date.now() - t0} ms`);
  });
  after(() => {
    fromH5?.dispose();
    fromJson?.dispose();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it('describes both backbones alike', () => {
    assert.equal(fromH5.params, 218_544);
    assert.equal(fromJson.params, 218_544);
    assert.deepEqual(fromH5.featureShape, [7, 7, 256]);
    assert.deepEqual(fromJson.featureShape, [7, 7, 256]);
    assert.equal(fromH5.outputLayer, 'conv_pw_13_relu');
    assert.equal(fromJson.outputLayer, 'conv_pw_13_relu');
    assert.equal(fromH5.weightsMatch, 'h5:name');
    assert.equal(fromH5.weightsId, createHash('sha256').update(readFileSync(MOBILENET_025_H5)).digest('hex'), 'the sha256 of the .h5 file');
    assert.match(fromJson.weightsId, /^[0-9a-f]{64}$/);
    assert.notEqual(fromH5.weightsId, fromJson.weightsId);
  });

  it('holds identical arrays', () => {
    let arrays = 0;
    let maxDiff = 0;
    for (const layer of fromH5.model.layers) {
      if (layer.weights.length === 0) continue;
      const other = fromJson.model.getLayer(layer.name);
      layer.getWeights().forEach((w, i) => {
        const a = w.dataSync();
        const b = other.getWeights()[i].dataSync();
        assert.equal(a.length, b.length, layer.name);
        for (let j = 0; j < a.length; j++) maxDiff = Math.max(maxDiff, Math.abs(a[j] - b[j]));
        arrays++;
      });
    }
    console.log(`      ${arrays} arrays, max |diff| ${maxDiff}`);
    assert.equal(arrays, 135);
    assert.equal(maxDiff, 0);
  });

  it('gives the same features on real photos', async () => {
    const t = tf();
    const pixels = await photoBatch(PHOTOS, 224);
    const x = t.tensor4d(pixels, [PHOTOS.length, 224, 224, 3]);
    const input = preprocessTensor(x, 'tf');
    const t0 = Date.now();
    const a = fromH5.model.predict(input) as typeof x;
    const ms = Date.now() - t0;
    const b = fromJson.model.predict(input) as typeof x;
    const [maxDiff, meanAbs] = t.tidy(() => [t.max(t.abs(t.sub(a, b))).dataSync()[0], t.mean(t.abs(a)).dataSync()[0]]);
    console.log(`      features ${a.shape.join('x')}: max |diff| ${maxDiff}, mean |feature| ${meanAbs.toFixed(4)}; forward ${ms} ms for ${PHOTOS.length} photos`);
    assert.deepEqual(a.shape, [PHOTOS.length, 7, 7, 256]);
    assert.ok(meanAbs > 0.01, 'features are not all zero');
    assert.ok(maxDiff <= 1e-5, `max |diff| ${maxDiff}`);
    // The features tell the photos apart (they are not constant across inputs).
    const spread = t.tidy(() => t.max(t.abs(t.sub(a.slice([0], [1]), a.slice([1], [1])))).dataSync()[0]);
    assert.ok(spread > 0.1);
    t.dispose([x, input, a, b]);
  });

  it('cuts the model.json at another layer and rebuilds it for 160x160 inputs', async () => {
    const b = await loadBackbone(spec(MOBILENET_025_JSON, { outputLayer: 'conv_pw_11_relu', inputSize: [160, 160] }), { configDir: '/', cacheDir });
    try {
      assert.deepEqual(b.featureShape, [10, 10, 128]);
      assert.equal(b.outputLayer, 'conv_pw_11_relu');
      assert.match(b.weightsId, /@conv_pw_11_relu$/);
      const y = b.model.predict(tf().zeros([1, 160, 160, 3])) as ReturnType<ReturnType<typeof tf>['zeros']>;
      assert.deepEqual(y.shape, [1, 10, 10, 128]);
      y.dispose();
    } finally {
      b.dispose();
    }
  });

  it('frees every tensor when a model.json backbone (cut, or cut and resized) or an .h5 backbone is disposed', async () => {
    const before = tf().memory().numTensors;
    for (const s of [spec(MOBILENET_025_JSON), spec(MOBILENET_025_JSON, { inputSize: [96, 96] }), spec(MOBILENET_025_H5)]) {
      const b = await loadBackbone(s, { configDir: '/', cacheDir });
      assert.ok(tf().memory().numTensors > before);
      b.dispose();
      assert.equal(tf().memory().numTensors, before, `${s.weights} at ${s.inputSize.join('x')}`);
    }
  });

  it('names similar layers when outputLayer is not in the model.json', async () => {
    await assert.rejects(
      loadBackbone(spec(MOBILENET_025_JSON, { outputLayer: 'conv_pw_13_relu6' }), { configDir: '/', cacheDir }),
      (e: unknown) => e instanceof EngineError && e.code === 'weights' && /no layer "conv_pw_13_relu6"/.test(e.message) && /"conv_pw_13_relu"/.test(e.hint ?? '') && e.path === 'backbone.outputLayer',
    );
  });

  it('rejects a weights file whose MD5 differs from backbone.weightsMd5', async () => {
    await assert.rejects(
      loadBackbone(spec(MOBILENET_025_H5, { weightsMd5: '0123456789abcdef0123456789abcdef' }), { configDir: '/', cacheDir }),
      (e: unknown) => e instanceof EngineError && e.code === 'weights' && /has MD5 [0-9a-f]{32}, but backbone.weightsMd5 expects 0123456789abcdef0123456789abcdef/.test(e.message),
    );
  });

  it('rejects a Keras .h5 for a custom backbone (it has no architecture)', async () => {
    await assert.rejects(
      loadBackbone({ ...spec(MOBILENET_025_H5), architecture: 'custom' }, { configDir: '/', cacheDir }),
      (e: unknown) => e instanceof EngineError && e.code === 'weights' && /custom backbone needs a TensorFlow.js model.json/.test(e.message) && /tensorflowjs_converter/.test(e.hint ?? ''),
    );
  });
});
