/** The exported graph's interface, preprocessing, batch-norm folding, errors, and the extractors' batching and cache. */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs';
import { EngineError } from '../../../src/engine/errors';
import { preprocessingAffine } from '../../../src/engine/features/preprocessing';
import { createTfjsExtractor } from '../../../src/engine/features/tfjsExtractor';
import { exportToOnnx, ONNX_INPUT, ONNX_OUTPUT } from '../../../src/engine/onnx/exportModel';
import { createOnnxExtractor } from '../../../src/engine/onnx/onnxExtractor';
import { loadOnnxRuntime, onnxRuntimeAvailable } from '../../../src/engine/onnx/ortRuntime';
import { tf } from '../../../src/engine/tf/tf';
import { PREPROCESSINGS } from '../../../src/shared/config/architectures';
import { apply, customLayers } from '../../support/customLayers';
import { compareExtractors, randomizeWeights, randomPixels, relativeError } from '../../support/parity';
import { decodeModel } from '../../support/protoReader';
import { backendForSuite } from '../../support/backendForSuite';

function convBnModel(size: [number, number], seed: number): LayersModel {
  const L = tf().layers;
  const x = tf().input({ shape: [size[0], size[1], 3] });
  let y = apply(L.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false }), x);
  y = apply(L.batchNormalization({}), y);
  y = apply(L.activation({ activation: 'relu' }), y);
  const model = tf().model({ inputs: x, outputs: y });
  randomizeWeights(model, seed);
  return model;
}

describe('ONNX export', function () {
  backendForSuite(() => tf().setBackend('cpu'));

  it('reports onnxruntime-node as available here, with its version', async () => {
    const status = await onnxRuntimeAvailable();
    assert.ok(status.ok, status.ok ? '' : status.why);
    assert.match(status.version, /^1\.\d+\.\d+/);
  });

  it('declares NHWC "pixels" in and NHWC "features" out, with a dynamic or fixed batch', () => {
    const model = convBnModel([7, 9], 1);
    const dynamic = decodeModel(exportToOnnx(model, { preprocessing: 'tf' }));
    assert.deepEqual(dynamic.graph.inputs, [{ name: ONNX_INPUT, elemType: 1, dims: ['N', 7, 9, 3] }]);
    assert.deepEqual(dynamic.graph.outputs, [{ name: ONNX_OUTPUT, elemType: 1, dims: ['N', 4, 5, 4] }]);
    assert.ok(dynamic.opsets[0].version >= 13);
    const fixed = decodeModel(exportToOnnx(model, { preprocessing: 'tf', batch: 3 }));
    assert.deepEqual(fixed.graph.inputs[0].dims, [3, 7, 9, 3]);
    assert.throws(() => exportToOnnx(model, { preprocessing: 'tf', batch: 0 }), /positive integer/);
    model.dispose();
  });

  it('runs a fixed-batch export at that batch size', async () => {
    const model = convBnModel([8, 8], 2);
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(exportToOnnx(model, { preprocessing: 'caffe', batch: 2 }));
    const pixels = randomPixels(2, 8, 8, 2);
    const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', pixels, [2, 8, 8, 3]) });
    const reference = await createTfjsExtractor(model, { preprocessing: 'caffe' }).extract(pixels, 2);
    assert.ok(relativeError(out[ONNX_OUTPUT].data as Float32Array, reference) < 1e-4);
    await assert.rejects(session.run({ [ONNX_INPUT]: new ort.Tensor('float32', randomPixels(3, 8, 8, 1), [3, 8, 8, 3]) }));
    await session.release();
    model.dispose();
  });

  it('folds a BatchNormalization that only reads a linear conv, and keeps one that does not', () => {
    const folded = convBnModel([8, 8], 3);
    const ops = decodeModel(exportToOnnx(folded, { preprocessing: 'tf' })).graph.nodes.map((n) => n.opType);
    assert.ok(ops.includes('Conv'));
    assert.ok(!ops.includes('BatchNormalization'), ops.join(' '));

    const L = tf().layers;
    const x = tf().input({ shape: [8, 8, 3] });
    const relu = apply(L.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), x);
    const kept = tf().model({ inputs: x, outputs: apply(L.batchNormalization({}), relu) });
    const keptOps = decodeModel(exportToOnnx(kept, { preprocessing: 'tf' })).graph.nodes.map((n) => n.opType);
    assert.ok(keptOps.includes('BatchNormalization'), keptOps.join(' '));
    folded.dispose();
    kept.dispose();
  });

  it('bakes each preprocessing into the graph exactly as Keras defines it', async () => {
    // An identity backbone: the features are the preprocessed pixels themselves.
    const x = tf().input({ shape: [3, 5, 3] });
    const model = tf().model({ inputs: x, outputs: apply(tf().layers.activation({ activation: 'linear' }), x) });
    const pixels = randomPixels(2, 3, 5, 11);
    const outputs = new Set<string>();
    for (const mode of PREPROCESSINGS) {
      const onnx = await createOnnxExtractor(model, { preprocessing: mode });
      const got = await onnx.extract(pixels, 2);
      await onnx.dispose();
      const a = preprocessingAffine(mode);
      const expected = pixels.map((_, i) => {
        const c = i % 3;
        return pixels[i - c + (a.bgr ? 2 - c : c)] * a.scale[c] + a.offset[c];
      });
      assert.ok(relativeError(got, expected) < 1e-6, `${mode}: ${relativeError(got, expected)}`);
      outputs.add(Array.from(got.slice(0, 6)).join());
    }
    assert.equal(outputs.size, PREPROCESSINGS.length, 'two preprocessings gave the same numbers');
    model.dispose();
  });

  for (const mode of PREPROCESSINGS) {
    it(`matches TensorFlow.js with preprocessing '${mode}'`, async () => {
      const model = convBnModel([9, 8], 20);
      const r = await compareExtractors(model, mode, randomPixels(2, 9, 8, 21), 2);
      assert.ok(r.error < 1e-4, `relative error ${r.error}`);
      model.dispose();
    });
  }

  it('refuses an unknown layer class with an actionable EngineError', () => {
    const { Mystery } = customLayers();
    const x = tf().input({ shape: [4, 4, 3] });
    const model = tf().model({ inputs: x, outputs: apply(new Mystery({ name: 'odd_one' }), x) });
    assert.throws(() => exportToOnnx(model, { preprocessing: 'tf' }), (err: unknown) => {
      assert.ok(err instanceof EngineError);
      assert.equal(err.code, 'backend');
      assert.equal(err.message, 'cannot export layer odd_one of class Mystery to ONNX');
      assert.match(err.hint ?? '', /TensorFlow\.js extractor/);
      return true;
    });
  });

  it('refuses models with several outputs or an input that is not an RGB image', () => {
    const L = tf().layers;
    const x = tf().input({ shape: [4, 4, 3] });
    const two = tf().model({ inputs: x, outputs: [apply(L.conv2d({ filters: 1, kernelSize: 1 }), x), apply(L.conv2d({ filters: 1, kernelSize: 1 }), x)] });
    assert.throws(() => exportToOnnx(two, { preprocessing: 'tf' }), (e: unknown) => e instanceof EngineError && /2 outputs/.test(e.message));
    const gray = tf().input({ shape: [4, 4, 1] });
    const g = tf().model({ inputs: gray, outputs: apply(L.conv2d({ filters: 1, kernelSize: 1 }), gray) });
    assert.throws(() => exportToOnnx(g, { preprocessing: 'tf' }), (e: unknown) => e instanceof EngineError && /\[null, height, width, 3\]/.test(e.message));
  });

  it('wraps a converter failure in an EngineError naming the layer', () => {
    const L = tf().layers;
    const x = tf().input({ shape: [4, 4, 3] });
    const y = apply(L.batchNormalization({ axis: 1 }), apply(L.conv2d({ filters: 2, kernelSize: 1, activation: 'relu' }), x));
    const model = tf().model({ inputs: x, outputs: y });
    assert.throws(() => exportToOnnx(model, { preprocessing: 'tf' }), (e: unknown) => e instanceof EngineError && /layer .* of class BatchNormalization to ONNX: only normalisation over the channel/.test(e.message));
  });

  it('splits a large extract into maxBatch runs with the same result', async () => {
    const model = convBnModel([6, 6], 4);
    const pixels = randomPixels(5, 6, 6, 4);
    const whole = await createOnnxExtractor(model, { preprocessing: 'tf', maxBatch: 5 });
    const pieces = await createOnnxExtractor(model, { preprocessing: 'tf', maxBatch: 2, spinning: false });
    const tfjsPieces = createTfjsExtractor(model, { preprocessing: 'tf', maxBatch: 2 });
    const a = await whole.extract(pixels, 5);
    const b = await pieces.extract(pixels, 5);
    const c = await tfjsPieces.extract(pixels, 5);
    assert.equal(a.length, 5 * 3 * 3 * 4);
    assert.deepEqual(b, a);
    assert.ok(relativeError(c, a) < 1e-4);
    await assert.rejects(whole.extract(pixels, 4), /floats for 4 photos/);
    await whole.dispose();
    await pieces.dispose();
    await assert.rejects(pieces.extract(pixels, 5), /disposed/);
    model.dispose();
  });

  it('writes the exported graph to cacheFile and reuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-cache-'));
    try {
      const cacheFile = join(dir, 'sub', 'backbone.onnx');
      const first = convBnModel([6, 6], 5);
      const second = convBnModel([6, 6], 6); // different weights, same shapes
      const pixels = randomPixels(1, 6, 6, 5);
      const a = await createOnnxExtractor(first, { preprocessing: 'tf', cacheFile });
      const fromFirst = await a.extract(pixels, 1);
      assert.ok(existsSync(cacheFile));
      const b = await createOnnxExtractor(second, { preprocessing: 'tf', cacheFile });
      assert.deepEqual(await b.extract(pixels, 1), fromFirst, 'the cached graph (first weights) was not used');
      await a.dispose();
      await b.dispose();
      first.dispose();
      second.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the extractors and reports their shapes', async () => {
    const model = convBnModel([7, 7], 8);
    const onnx = await createOnnxExtractor(model, { preprocessing: 'tf' });
    const tfjs = createTfjsExtractor(model, { preprocessing: 'tf' });
    assert.equal(onnx.name, 'onnxruntime-cpu');
    assert.equal(tfjs.name, 'tfjs-cpu');
    for (const e of [onnx, tfjs]) {
      assert.deepEqual(e.inputSize, [7, 7]);
      assert.deepEqual(e.featureShape, [4, 4, 4]);
      assert.ok(e.maxBatch >= 1 && e.maxBatch <= 32, String(e.maxBatch));
    }
    await onnx.dispose();
    model.dispose();
  });
});

