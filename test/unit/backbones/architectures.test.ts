import * as assert from 'node:assert/strict';
import { ARCHITECTURE_INFO } from '../../../src/shared/config/architectures';
import { EngineError } from '../../../src/engine/errors';
import { buildArchitecture } from '../../../src/engine/backbones';
import { makeDivisible } from '../../../src/engine/backbones/architectures/mobilenetV2';
import { correctPad } from '../../../src/engine/backbones/kerasGraph';
import { tf } from '../../../src/engine/tf/tf';

// Keras's include_top=False parameter counts (model.count_params()).
const CASES: Array<{ arch: string; alpha?: number; size: number; params: number; first: string; last: string; layers: number }> = [
  { arch: 'VGG16', size: 32, params: 14_714_688, first: 'block1_conv1', last: 'block5_pool', layers: 19 },
  { arch: 'ResNet50', size: 32, params: 23_587_712, first: 'conv1_pad', last: 'conv5_block3_out', layers: 175 },
  { arch: 'InceptionV3', size: 75, params: 21_802_784, first: 'conv2d', last: 'mixed10', layers: 311 },
  { arch: 'InceptionResNetV2', size: 75, params: 54_336_736, first: 'conv2d', last: 'conv_7b_ac', layers: 780 },
  { arch: 'MobileNet', alpha: 0.25, size: 32, params: 218_544, first: 'conv1', last: 'conv_pw_13_relu', layers: 86 },
  { arch: 'MobileNet', alpha: 0.5, size: 32, params: 829_536, first: 'conv1', last: 'conv_pw_13_relu', layers: 86 },
  { arch: 'MobileNet', alpha: 0.75, size: 32, params: 1_832_976, first: 'conv1', last: 'conv_pw_13_relu', layers: 86 },
  { arch: 'MobileNet', alpha: 1.0, size: 32, params: 3_228_864, first: 'conv1', last: 'conv_pw_13_relu', layers: 86 },
  { arch: 'MobileNetV2', alpha: 0.35, size: 32, params: 410_208, first: 'Conv1', last: 'out_relu', layers: 154 },
  { arch: 'MobileNetV2', alpha: 0.5, size: 32, params: 706_224, first: 'Conv1', last: 'out_relu', layers: 154 },
  { arch: 'MobileNetV2', alpha: 0.75, size: 32, params: 1_382_064, first: 'Conv1', last: 'out_relu', layers: 154 },
  { arch: 'MobileNetV2', alpha: 1.0, size: 32, params: 2_257_984, first: 'Conv1', last: 'out_relu', layers: 154 },
  { arch: 'MobileNetV2', alpha: 1.4, size: 32, params: 4_363_712, first: 'Conv1', last: 'out_relu', layers: 154 },
  { arch: 'EfficientNetB0', size: 32, params: 4_049_571, first: 'rescaling', last: 'top_activation', layers: 238 },
];

describe('backbone architectures', () => {
  for (const c of CASES) {
    it(`${c.arch}${c.alpha !== undefined ? ` alpha ${c.alpha}` : ''} has Keras's notop parameter count, names and layer count`, () => {
      const model = buildArchitecture(c.arch, { inputSize: [c.size, c.size], alpha: c.alpha, fastInit: true });
      try {
        assert.equal(model.countParams(), c.params);
        assert.equal(model.layers.length, c.layers);
        assert.equal(model.layers[1].name, c.first);
        assert.equal(model.layers[model.layers.length - 1].name, c.last);
        assert.equal(new Set(model.layers.map((l) => l.name)).size, model.layers.length, 'layer names are unique');
      } finally {
        model.dispose();
      }
    });
  }

  it('agrees with the notop counts in ARCHITECTURE_INFO', () => {
    for (const c of CASES) {
      const info = ARCHITECTURE_INFO[c.arch as keyof typeof ARCHITECTURE_INFO];
      if (c.alpha === undefined || c.alpha === info.defaultAlpha) assert.equal(c.params, info.notopParams, c.arch);
    }
  });

  it('builds VGG16 at 150x150 to a 4x4x512 map and keeps Keras shapes for non-square inputs', () => {
    const vgg = buildArchitecture('VGG16', { inputSize: [150, 150], fastInit: true });
    assert.deepEqual(vgg.outputs[0].shape, [null, 4, 4, 512]);
    vgg.dispose();
    const r = buildArchitecture('ResNet50', { inputSize: [96, 128], fastInit: true });
    assert.deepEqual(r.outputs[0].shape, [null, 3, 4, 2048]);
    r.dispose();
  });

  it('builds InceptionV3 at its 75-pixel minimum and at 150', () => {
    for (const [size, side] of [[75, 1], [150, 3]]) {
      const m = buildArchitecture('InceptionV3', { inputSize: [size, size], fastInit: true });
      assert.deepEqual(m.outputs[0].shape, [null, side, side, 2048]);
      m.dispose();
    }
  });

  it("numbers InceptionV3's unnamed layers in Keras's construction order", () => {
    const m = buildArchitecture('InceptionV3', { inputSize: [75, 75], fastInit: true });
    const convs = m.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => l.name);
    assert.equal(convs.length, 94);
    assert.ok(convs.includes('conv2d') && convs.includes('conv2d_93') && !convs.includes('conv2d_94'));
    // The first three convolutions of the stem, by shape: 3x3x3x32, 3x3x32x32, 3x3x32x64.
    assert.deepEqual(m.getLayer('conv2d_2').weights[0].shape, [3, 3, 32, 64]);
    // Batch normalization without scale: beta, moving mean, moving variance.
    assert.equal(m.getLayer('batch_normalization').weights.length, 3);
    m.dispose();
  });

  it('gives the same random weights for the same seed and different ones for another seed', () => {
    const read = (seed: number) => {
      const m = buildArchitecture('MobileNet', { inputSize: [32, 32], alpha: 0.25, seed });
      const v = Array.from(m.getLayer('conv_pw_3').getWeights()[0].dataSync().slice(0, 50));
      m.dispose();
      return v;
    };
    assert.deepEqual(read(7), read(7));
    assert.notDeepEqual(read(7), read(8));
  });

  it('runs a forward pass with a finite output (EfficientNetB0 with its custom Normalization layer)', () => {
    // fastInit: EfficientNet's truncated-normal initialiser takes seconds on the cpu backend.
    const m = buildArchitecture('EfficientNetB0', { inputSize: [32, 32], fastInit: true });
    const y = tf().tidy(() => (m.predict(tf().fill([1, 32, 32, 3], 128)) as ReturnType<ReturnType<typeof tf>['zeros']>).dataSync());
    assert.equal(y.length, 1 * 1 * 1 * 1280);
    assert.ok(Array.from(y).every(Number.isFinite));
    m.dispose();
  });

  it('rejects unknown architectures, alphas and too small inputs with EngineErrors that point at the field', () => {
    const expectError = (fn: () => unknown, path: string, text: RegExp) =>
      assert.throws(fn, (e: unknown) => e instanceof EngineError && e.code === 'config' && e.path === path && text.test(e.message) && !!e.hint);
    expectError(() => buildArchitecture('VGG19', { inputSize: [224, 224] }), 'backbone.architecture', /Unknown backbone architecture "VGG19"/);
    expectError(() => buildArchitecture('custom', { inputSize: [224, 224] }), 'backbone.architecture', /custom/);
    expectError(() => buildArchitecture('MobileNet', { inputSize: [224, 224], alpha: 0.35 }), 'backbone.alpha', /no alpha 0.35/);
    expectError(() => buildArchitecture('MobileNetV2', { inputSize: [224, 224], alpha: 0.25 }), 'backbone.alpha', /no alpha 0.25/);
    expectError(() => buildArchitecture('VGG16', { inputSize: [224, 224], alpha: 0.5 }), 'backbone.alpha', /no width multiplier/);
    expectError(() => buildArchitecture('InceptionV3', { inputSize: [74, 150] }), 'backbone.inputSize', /at least 75x75/);
    expectError(() => buildArchitecture('VGG16', { inputSize: [31, 31] }), 'backbone.inputSize', /at least 32x32/);
  });

  it("mirrors Keras's _make_divisible and correct_pad", () => {
    assert.equal(makeDivisible(32 * 0.35), 16);
    assert.equal(makeDivisible(16 * 0.35), 8);
    assert.equal(makeDivisible(1280 * 1.4), 1792);
    assert.equal(makeDivisible(24 * 1.3), 32);
    assert.deepEqual(correctPad([112, 112], 3), [[0, 1], [0, 1]]);
    assert.deepEqual(correctPad([75, 74], 5), [[2, 2], [1, 2]]);
  });
});
