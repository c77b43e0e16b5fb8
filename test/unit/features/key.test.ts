import { strict as assert } from 'node:assert';
import { featureModelKey, isModelKey, type FeatureKeySpec } from '../../../src/engine/features/key';

const base: FeatureKeySpec = {
  architecture: 'VGG16',
  weightsId: 'sha256:6d6bbae143d832006294945121d1f1fc',
  inputSize: [150, 150],
  preprocessing: 'caffe',
  resize: 'bilinear',
  featureShape: [4, 4, 512],
};

describe('feature cache model key', () => {
  it('is stable and readable', () => {
    const key = featureModelKey(base);
    assert.equal(key, featureModelKey({ ...base, inputSize: [150, 150], featureShape: [4, 4, 512] }));
    assert.match(key, /^vgg16-150x150-[0-9a-f]{16}$/);
    assert.ok(isModelKey(key));
  });

  it('changes with every input that changes the features', () => {
    const variants: Array<[string, Partial<FeatureKeySpec>]> = [
      ['architecture', { architecture: 'ResNet50' }],
      ['alpha', { alpha: 0.5 }],
      ['weights', { weightsId: 'sha256:00000000000000000000000000000000' }],
      ['output layer', { outputLayer: 'block4_pool' }],
      ['input height', { inputSize: [160, 150] }],
      ['input width', { inputSize: [150, 160] }],
      ['preprocessing', { preprocessing: 'tf' }],
      ['resize', { resize: 'nearest' }],
      ['feature shape', { featureShape: [4, 4, 256] }],
    ];
    const keys = new Set([featureModelKey(base)]);
    for (const [what, change] of variants) {
      const key = featureModelKey({ ...base, ...change });
      assert.ok(!keys.has(key), `changing ${what} must change the key`);
      assert.ok(isModelKey(key), key);
      keys.add(key);
    }
    assert.notEqual(featureModelKey({ ...base, alpha: 0.5 }), featureModelKey({ ...base, alpha: 0.75 }));
  });

  it('accepts only key-shaped folder names', () => {
    for (const bad of ['', '..', '../x', 'vgg16-150x150-zz', 'vgg16/150x150-0123456789abcdef', 'VGG16-150x150-0123456789abcdef']) assert.ok(!isModelKey(bad), bad);
    assert.ok(isModelKey('mobilenet-a0.25-224x224-0123456789abcdef'));
  });
});
