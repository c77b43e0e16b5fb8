/**
 * Keras .h5 loading, proven with files written here in Keras's layout from models with random
 * weights: by name (VGG16, EfficientNetB0 with its Normalization count), by generated names counted
 * from 1 as Keras 2.0 wrote them (InceptionV3), by position, and the errors for files that do not fit.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArchitecture } from '../../../src/engine/backbones';
import { assignKerasWeights } from '../../../src/engine/backbones/weights/assignKerasWeights';
import { generatedName } from '../../../src/engine/backbones/weights/matchLayers';
import { EngineError } from '../../../src/engine/errors';
import { tf } from '../../../src/engine/tf/tf';
import { modelToH5Layers, writeKerasH5 } from '../../support/kerasH5';

type Model = ReturnType<typeof buildArchitecture>;

/** Largest |a - b| over every weight of two models with the same layers. */
function maxWeightDiff(a: Model, b: Model): number {
  let max = 0;
  a.layers.forEach((layer, i) => {
    const other = b.layers[i];
    assert.equal(other.name, layer.name);
    layer.getWeights().forEach((w, k) => {
      const x = w.dataSync();
      const y = other.getWeights()[k].dataSync();
      assert.equal(x.length, y.length);
      for (let j = 0; j < x.length; j++) max = Math.max(max, Math.abs(x[j] - y[j]));
    });
  });
  return max;
}

function isWeightsError(re: RegExp) {
  return (e: unknown) => e instanceof EngineError && e.code === 'weights' && re.test(e.message) && !!e.hint;
}

describe('Keras .h5 weights into tf.layers backbones (synthetic files)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cats-dogs-h5-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads VGG16 by layer name (a full 58 MB file)', async () => {
    const source = buildArchitecture('VGG16', { inputSize: [32, 32], seed: 3 });
    const file = join(dir, 'vgg16.h5');
    await writeKerasH5(file, modelToH5Layers(source));
    const target = buildArchitecture('VGG16', { inputSize: [150, 150], fastInit: true });
    const progress: number[] = [];
    const result = await assignKerasWeights(target, file, { onProgress: (done) => progress.push(done) });
    assert.equal(result.mode, 'name');
    assert.equal(result.layers, 13);
    assert.equal(result.arrays, 26);
    assert.deepEqual(progress, Array.from({ length: 13 }, (_, i) => i + 1));
    assert.equal(maxWeightDiff(source, target), 0);
    source.dispose();
    target.dispose();
  });

  it("loads InceptionV3 from a file with Keras 2.0's generated names (conv2d_1, batch_normalization_1, ...)", async () => {
    const source = buildArchitecture('InceptionV3', { inputSize: [75, 75], seed: 4 });
    const file = join(dir, 'inception_v3.h5');
    const shift = (name: string) => {
      const g = generatedName(name) ?? /^(activation|max_pooling2d|average_pooling2d|concatenate)(?:_(\d+))?$/.exec(name);
      if (!g) return name;
      const [prefix, ordinal] = Array.isArray(g) ? [g[1], Number(g[2] ?? 0)] : [g.prefix, g.ordinal];
      return `${prefix}_${ordinal + 1}`;
    };
    const layers = modelToH5Layers(source, shift);
    assert.ok(layers.some((l) => l.name === 'conv2d_94') && !layers.some((l) => l.name === 'conv2d'));
    await writeKerasH5(file, layers, { kerasVersion: '2.0.4' });
    const target = buildArchitecture('InceptionV3', { inputSize: [150, 150], fastInit: true });
    const result = await assignKerasWeights(target, file);
    assert.equal(result.mode, 'generated-name');
    assert.equal(result.layers, 188);
    assert.equal(result.kerasVersion, '2.0.4');
    assert.equal(maxWeightDiff(source, target), 0);
    source.dispose();
    target.dispose();
  });

  it('falls back to matching by position when the names are unrelated', async () => {
    const source = buildArchitecture('MobileNetV2', { inputSize: [32, 32], alpha: 0.35, seed: 5 });
    const file = join(dir, 'renamed.h5');
    await writeKerasH5(file, modelToH5Layers(source, (n) => `L_${n.length}_${n.split('').reverse().join('')}`));
    const target = buildArchitecture('MobileNetV2', { inputSize: [96, 96], alpha: 0.35, fastInit: true });
    const result = await assignKerasWeights(target, file);
    assert.equal(result.mode, 'order');
    assert.equal(maxWeightDiff(source, target), 0);
    source.dispose();
    target.dispose();
  });

  it("loads EfficientNetB0's Normalization mean, variance and int64 count", async () => {
    const source = buildArchitecture('EfficientNetB0', { inputSize: [32, 32], fastInit: true });
    source.getLayer('normalization').setWeights([tf().tensor1d([0.485, 0.456, 0.406]), tf().tensor1d([0.229, 0.224, 0.225]), tf().scalar(1281167)]);
    source.getLayer('top_conv').setWeights([tf().randomNormal([1, 1, 320, 1280], 0, 0.1, 'float32', 9)]);
    const file = join(dir, 'efficientnetb0.h5');
    await writeKerasH5(file, modelToH5Layers(source));
    const target = buildArchitecture('EfficientNetB0', { inputSize: [64, 64], fastInit: true });
    const result = await assignKerasWeights(target, file);
    assert.equal(result.mode, 'name');
    const [mean, variance, count] = target.getLayer('normalization').getWeights().map((w) => Array.from(w.dataSync()));
    assert.deepEqual(mean.map((v) => +v.toFixed(3)), [0.485, 0.456, 0.406]);
    assert.deepEqual(variance.map((v) => +v.toFixed(3)), [0.229, 0.224, 0.225]);
    assert.deepEqual(count, [1281167]);
    assert.equal(maxWeightDiff(source, target), 0);
    source.dispose();
    target.dispose();
  });

  it("reads the weights of a whole-model .h5 (model.save) from its model_weights group", async () => {
    const source = buildArchitecture('MobileNet', { inputSize: [32, 32], alpha: 0.25, seed: 6 });
    const file = join(dir, 'whole_model.h5');
    await writeKerasH5(file, modelToH5Layers(source), { wholeModel: true });
    const target = buildArchitecture('MobileNet', { inputSize: [32, 32], alpha: 0.25, fastInit: true });
    assert.equal((await assignKerasWeights(target, file)).mode, 'name');
    assert.equal(maxWeightDiff(source, target), 0);
    source.dispose();
    target.dispose();
  });

  it('rejects a file from another alpha, naming the first layer and both shapes', async () => {
    const source = buildArchitecture('MobileNet', { inputSize: [32, 32], alpha: 0.5, fastInit: true });
    const file = join(dir, 'mobilenet_0.5.h5');
    await writeKerasH5(file, modelToH5Layers(source));
    const target = buildArchitecture('MobileNet', { inputSize: [32, 32], alpha: 0.25, fastInit: true });
    await assert.rejects(assignKerasWeights(target, file), isWeightsError(/layer "conv1" has arrays \[3, 3, 3, 8\] but the file's layer of that name has \[3, 3, 3, 16\]/));
    source.dispose();
    target.dispose();
  });

  it("rejects a file of another architecture", async () => {
    const source = buildArchitecture('MobileNet', { inputSize: [32, 32], alpha: 0.25, fastInit: true });
    const file = join(dir, 'mobilenet_0.25.h5');
    await writeKerasH5(file, modelToH5Layers(source));
    const target = buildArchitecture('VGG16', { inputSize: [32, 32], fastInit: true });
    await assert.rejects(assignKerasWeights(target, file), isWeightsError(/model has 13 layers with weights, the file 54, and the file has no layer "block1_conv1"/));
    source.dispose();
    target.dispose();
  });

  it('rejects truncated, non-HDF5 and non-Keras files with clear errors', async () => {
    const target = buildArchitecture('MobileNet', { inputSize: [32, 32], alpha: 0.25, fastInit: true });
    const whole = join(dir, 'whole.h5');
    await writeKerasH5(whole, modelToH5Layers(target));
    const cut = join(dir, 'cut.h5');
    writeFileSync(cut, readFileSync(whole).subarray(0, 30_000));
    await assert.rejects(assignKerasWeights(target, cut), isWeightsError(/is truncated: 30000 of \d+ bytes/));
    const html = join(dir, 'page.h5');
    writeFileSync(html, '<!DOCTYPE html><title>404</title>');
    await assert.rejects(assignKerasWeights(target, html), isWeightsError(/is not an HDF5 file/));
    const plain = join(dir, 'plain.h5');
    const { loadH5wasm } = await import('../../../src/engine/backbones/weights/loadH5wasm');
    const h5 = await loadH5wasm();
    const f = new h5.File(plain, 'w');
    f.create_dataset({ name: 'data', data: new Float32Array([1, 2]), shape: [2], dtype: '<f' });
    f.close();
    await assert.rejects(assignKerasWeights(target, plain), isWeightsError(/not a Keras 2 weight file/));
    await assert.rejects(assignKerasWeights(target, join(dir, 'missing.h5')), isWeightsError(/Cannot read/));
    target.dispose();
  });
});
