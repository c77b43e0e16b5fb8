import { strict as assert } from 'node:assert';
import { validateConfig, formatIssues } from '../../../src/shared/config/validate';
import { baselineConfig } from '../../../src/shared/config/templates';

describe('experiment config validation', () => {
  it('accepts the lab baseline and normalises it exactly', () => {
    const { config, issues } = validateConfig(baselineConfig());
    assert.deepEqual(issues, []);
    assert.ok(config);
    assert.equal(config.backbone.architecture, 'VGG16');
    assert.equal(config.backbone.weights, 'imagenet');
    assert.deepEqual(config.backbone.inputSize, [150, 150]);
    assert.equal(config.backbone.preprocessing, 'caffe');
    assert.equal(config.backbone.trainable, false);
    assert.equal(config.head.pooling, 'flatten');
    assert.deepEqual(config.head.layers, [{ units: 256, activation: 'relu', dropout: 0.5 }]);
    assert.deepEqual(
      { ...config.training },
      { optimizer: 'adam', learningRate: 1e-5, batchSize: 64, epochs: 10, seed: 42 },
    );
  });

  it('fills defaults from the architecture', () => {
    const { config } = validateConfig({ name: 'm', backbone: { architecture: 'MobileNetV2' } });
    assert.ok(config);
    assert.deepEqual(config.backbone.inputSize, [224, 224]);
    assert.equal(config.backbone.alpha, 1.0);
    assert.equal(config.backbone.preprocessing, 'tf');
  });

  it('accepts [height, width] input sizes', () => {
    const { config } = validateConfig({ name: 'm', backbone: { architecture: 'ResNet50', inputSize: [160, 200] } });
    assert.deepEqual(config?.backbone.inputSize, [160, 200]);
  });

  it('points at the wrong field with a clear message', () => {
    const raw = baselineConfig() as any;
    raw.head.layers[0].dropout = 1.5;
    raw.training.learningRate = -1;
    const { config, issues } = validateConfig(raw);
    assert.equal(config, undefined);
    const paths = issues.map((i) => i.path);
    assert.deepEqual(paths, ['head.layers[0].dropout', 'training.learningRate']);
    assert.match(issues[0].message, /less than 1/);
    assert.match(formatIssues(issues, 'baseline.json'), /^baseline\.json: head\.layers\[0\]\.dropout: /);
  });

  it('suggests the right spelling of an unknown backbone and an unknown key', () => {
    const { issues } = validateConfig({ name: 'x', backbone: { architecture: 'vgg16', inputSzie: 150 } });
    const arch = issues.find((i) => i.path === 'backbone.architecture');
    assert.match(arch!.message, /Did you mean "VGG16"/);
    const key = issues.find((i) => i.path === 'backbone.inputSzie');
    assert.match(key!.message, /not a known setting.*inputSize/);
  });

  it('rejects wrong types, missing names, bad alphas and small inputs', () => {
    assert.ok(validateConfig({ backbone: { architecture: 'VGG16' } }).issues.some((i) => i.path === 'name' && /required/.test(i.message)));
    assert.ok(validateConfig({ name: 'x', backbone: { architecture: 'VGG16' }, training: { batchSize: '64' } }).issues.some((i) => i.path === 'training.batchSize' && /integer/.test(i.message)));
    assert.ok(validateConfig({ name: 'x', backbone: { architecture: 'MobileNet', alpha: 0.3 } }).issues.some((i) => i.path === 'backbone.alpha'));
    assert.ok(validateConfig({ name: 'x', backbone: { architecture: 'InceptionV3', inputSize: 64 } }).issues.some((i) => i.path === 'backbone.inputSize'));
    assert.ok(validateConfig({ name: 'x', backbone: { architecture: 'VGG16', alpha: 0.5 } }).issues.some((i) => i.path === 'backbone.alpha'));
    assert.ok(validateConfig({ name: 'x', backbone: { architecture: 'VGG16', inputSize: [150] } }).issues.some((i) => i.path === 'backbone.inputSize'));
    assert.ok(validateConfig(null).issues.length > 0);
    assert.ok(validateConfig([]).issues.length > 0);
  });

  it('needs exactly one of fromLayer and unfreezeTop for fine-tuning', () => {
    const base = { name: 'x', backbone: { architecture: 'VGG16' } };
    assert.ok(validateConfig({ ...base, fineTune: { epochs: 2 } }).issues.some((i) => i.path === 'fineTune'));
    assert.ok(validateConfig({ ...base, fineTune: { fromLayer: 'block5_conv1', unfreezeTop: 3 } }).issues.some((i) => i.path === 'fineTune'));
    const ok = validateConfig({ ...base, fineTune: { fromLayer: 'block5_conv1' } });
    assert.deepEqual(ok.config?.fineTune, { fromLayer: 'block5_conv1', epochs: 5, learningRate: 1e-6 });
  });

  it('needs weights for a custom backbone', () => {
    const { issues } = validateConfig({ name: 'x', backbone: { architecture: 'custom', weights: 'imagenet' } });
    assert.ok(issues.some((i) => i.path === 'backbone.weights'));
  });
});
