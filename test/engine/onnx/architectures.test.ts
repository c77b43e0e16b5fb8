/**
 * Every backbone architecture the lab offers, built with tf.layers (src/engine/backbones), exports to
 * ONNX and gives the same features in onnxruntime-node as in TensorFlow.js (wasm backend), with
 * every BatchNormalization folded into the convolution before it. Random seeded weights are
 * calibrated (test/support/calibrate.ts) so activations keep a useful scale through the whole
 * network. Inputs are small but valid, chosen so that every feature map is at least 2x2 (then a
 * kernel or layout transposed by mistake shows). Plus the real Keras MobileNet 0.25 .h5, loaded
 * through loadBackbone, on real photos.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs';
import { buildArchitecture, loadBackbone, type KerasArchitecture } from '../../../src/engine/backbones';
import { createTfjsExtractor } from '../../../src/engine/features/tfjsExtractor';
import { exportToOnnx } from '../../../src/engine/onnx/exportModel';
import { createOnnxExtractor } from '../../../src/engine/onnx/onnxExtractor';
import { ARCHITECTURE_INFO, type Preprocessing } from '../../../src/shared/config/architectures';
import { calibrateWeights } from '../../support/calibrate';
import { randomPixels, relativeError } from '../../support/parity';
import { sharedPhotoPixels, testTempDir } from '../../support/photos';
import { decodeModel } from '../../support/protoReader';
import { MOBILENET_025_H5, SHARED, sharedAvailable } from '../../support/shared';
import { useWasmBackend } from '../../support/wasmBackend';
import { backendForSuite } from '../../support/backendForSuite';

/**
 * Max |onnx - tfjs| over max |tfjs|. TensorFlow.js' own cpu and wasm backends differ by up to
 * about 1e-4 on these calibrated networks (float32 sums in another order, over 50-250 layers), so
 * this leaves a margin; a wrong batch-norm epsilon or a flipped 1x7 kernel gives 2e-3 to 1.
 */
const TOLERANCE = 5e-4;

interface ArchCase {
  arch: KerasArchitecture;
  alpha?: number;
  /** Input side: the Inception family's 75 px minimum gives 1x1 features, 107 px gives 2x2. */
  size: number;
}

const CASES: ArchCase[] = [
  { arch: 'VGG16', size: 150 },
  { arch: 'ResNet50', size: 64 },
  { arch: 'InceptionV3', size: 107 },
  { arch: 'InceptionResNetV2', size: 107 },
  { arch: 'MobileNet', alpha: 0.25, size: 64 },
  { arch: 'MobileNet', alpha: 1, size: 64 },
  { arch: 'MobileNetV2', alpha: 0.35, size: 64 },
  { arch: 'MobileNetV2', alpha: 1, size: 64 },
  { arch: 'EfficientNetB0', size: 64 },
];

/** Layers whose ONNX form is one Conv each (SeparableConv2D would be two; none of these use it). */
const CONV_LAYERS = new Set(['Conv2D', 'DepthwiseConv2D']);

function opCounts(bytes: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of decodeModel(bytes).graph.nodes) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  return counts;
}

function countLayers(model: LayersModel, classes: Set<string>): number {
  return model.layers.filter((l) => classes.has(l.getClassName())).length;
}

interface Parity {
  tfjs: Float32Array;
  onnx: Float32Array;
  error: number;
  featureShape: number[];
  ops: Map<string, number>;
}

/** Exports once (the graph's ops are inspected), then runs the same pixels through both extractors. */
async function parity(model: LayersModel, preprocessing: Preprocessing, pixels: Float32Array, count: number): Promise<Parity> {
  const bytes = exportToOnnx(model, { preprocessing });
  const cacheFile = join(testTempDir('cats-dogs-onnx-arch-'), 'backbone.onnx');
  writeFileSync(cacheFile, bytes);
  const onnx = await createOnnxExtractor(model, { preprocessing, cacheFile, maxBatch: 2, threads: 1 });
  const reference = createTfjsExtractor(model, { preprocessing, maxBatch: 2 });
  try {
    const tfjsOut = await reference.extract(pixels, count);
    const onnxOut = await onnx.extract(pixels, count);
    return { tfjs: tfjsOut, onnx: onnxOut, error: relativeError(onnxOut, tfjsOut), featureShape: onnx.featureShape, ops: opCounts(bytes) };
  } finally {
    await onnx.dispose();
    await reference.dispose();
  }
}

/** Fails when the features are too uniform for the comparison to mean anything. */
function assertInformative(features: Float32Array): void {
  let max = 0;
  let nonZero = 0;
  let sum = 0;
  for (const v of features) {
    max = Math.max(max, Math.abs(v));
    if (v !== 0) nonZero++;
    sum += v;
  }
  const mean = sum / features.length;
  const std = Math.sqrt(features.reduce((s, v) => s + (v - mean) ** 2, 0) / features.length);
  assert.ok(nonZero / features.length > 0.05, `only ${((100 * nonZero) / features.length).toFixed(1)} % of the features are non-zero`);
  assert.ok(std > 0.01 * max, `features nearly constant: std ${std.toExponential(2)}, max ${max.toExponential(2)}`);
}

describe('ONNX export: every backbone architecture matches TensorFlow.js', function () {
  backendForSuite(useWasmBackend);

  CASES.forEach((c, i) => {
    const label = `${c.arch}${c.alpha === undefined ? '' : ` alpha ${c.alpha}`} at ${c.size} px`;
    it(`${label}: same features, every BatchNormalization folded`, async () => {
      const preprocessing = ARCHITECTURE_INFO[c.arch].preprocessing;
      const model = buildArchitecture(c.arch, { inputSize: [c.size, c.size], alpha: c.alpha, seed: 100 + i });
      try {
        const calibrated = calibrateWeights(model, preprocessing, randomPixels(4, c.size, c.size, 200 + i), 4, 300 + i);
        assert.equal(calibrated.batchNorms, countLayers(model, new Set(['BatchNormalization'])));
        const r = await parity(model, preprocessing, randomPixels(2, c.size, c.size, 400 + i), 2);

        const shape = model.outputs[0].shape.slice(1) as number[];
        assert.deepEqual(r.featureShape, shape);
        assert.ok(shape[0] >= 2 && shape[1] >= 2, `features are ${shape.join('x')}: too small to show a transposed layout`);
        assertInformative(r.tfjs);
        assert.ok(r.error < TOLERANCE, `relative error ${r.error.toExponential(2)}`);

        assert.equal(r.ops.get('BatchNormalization') ?? 0, 0, 'a BatchNormalization was not folded');
        assert.equal(r.ops.get('Conv'), countLayers(model, CONV_LAYERS));
        console.log(`      ${label}: relative error ${r.error.toExponential(2)}, features ${shape.join('x')}, ${[...r.ops.values()].reduce((a, b) => a + b, 0)} ONNX nodes`);
      } finally {
        model.dispose();
      }
    });
  });

  describe('the real Keras MobileNet 0.25 (.h5) through loadBackbone', function () {
    before(function () {
      if (!sharedAvailable()) this.skip();
    });

    it('exports and matches TensorFlow.js on 4 real photos at 224 px', async () => {
      const backbone = await loadBackbone(
        { architecture: 'MobileNet', alpha: 0.25, weights: MOBILENET_025_H5, inputSize: [224, 224], preprocessing: 'tf', trainable: false },
        { configDir: SHARED, cacheDir: testTempDir('cats-dogs-cache-') },
      );
      try {
        assert.equal(backbone.weightsMatch.startsWith('h5:'), true, backbone.weightsMatch);
        assert.deepEqual(backbone.featureShape, [7, 7, 256]);
        const pixels = await sharedPhotoPixels(4, 224, 224);
        const r = await parity(backbone.model as unknown as LayersModel, backbone.preprocessing, pixels, 4);
        assertInformative(r.tfjs);
        assert.ok(r.error < TOLERANCE, `relative error ${r.error.toExponential(2)}`);
        assert.equal(r.ops.get('BatchNormalization') ?? 0, 0, 'a BatchNormalization was not folded');
        // Different photos give different features (the photos reached the network).
        const per = 7 * 7 * 256;
        assert.ok(relativeError(r.onnx.subarray(0, per), r.onnx.subarray(per, 2 * per)) > 0.05);
        console.log(`      MobileNet 0.25 .h5 on photos: relative error ${r.error.toExponential(2)}`);
      } finally {
        backbone.dispose();
      }
    });
  });
});
