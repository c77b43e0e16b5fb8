import { strict as assert } from 'node:assert';
import { baselineConfig } from '../../../src/shared/config/templates';
import { parseConfigText } from '../../../src/shared/config/parseConfigText';
import { validateConfig } from '../../../src/shared/config/validate';
import {
  applyConfigEdits,
  changeSlug,
  currentValue,
  fileBaseName,
  makeVariant,
  parseVariantChange,
  sameExperiment,
  suggestedValues,
  uniqueName,
  VariantError,
  variantName,
  type VariantChange,
} from '../../../src/shared/config/variants';

const baselineText = JSON.stringify(baselineConfig(), null, 2) + '\n';

function variantOf(text: string, change: VariantChange) {
  const name = variantName(JSON.parse(text).name, change);
  return makeVariant(text, change, { name });
}

describe('config variants', () => {
  it('changes the dropout of the baseline and nothing else', () => {
    const v = variantOf(baselineText, { parameter: 'dropout', value: 0.25 });
    assert.equal(v.name, 'baseline-dropout-0.25');
    assert.equal(v.config.name, 'baseline-dropout-0.25');
    assert.deepEqual(v.config.head.layers, [{ units: 256, activation: 'relu', dropout: 0.25 }]);
    assert.equal(v.before, 0.5);
    const base = validateConfig(baselineConfig()).config!;
    assert.ok(sameExperiment({ ...v.config, head: base.head }, base), 'only the head changed');
    // The file keeps its layout: the edit is in place, the other lines are byte for byte the same.
    const changed = v.text.split('\n').filter((line, i) => line !== baselineText.split('\n')[i]);
    assert.deepEqual(changed.map((l) => l.trim()), ['"name": "baseline-dropout-0.25",', '"dropout": 0.25']);
    assert.match(v.text, /"dropout": 0\.25/);
  });

  it('sets a description when given', () => {
    const v = makeVariant(baselineText, { parameter: 'learningRate', value: 1e-4 }, { name: 'baseline-lr-1e-4', description: 'Variant of baseline: learning rate 1e-5 → 1e-4' });
    assert.equal(v.config.training.learningRate, 1e-4);
    assert.equal(v.config.description, 'Variant of baseline: learning rate 1e-5 → 1e-4');
  });

  it('names each change <base>-<change> and replaces an earlier change of the same parameter', () => {
    assert.equal(variantName('baseline', { parameter: 'units', value: 512 }), 'baseline-units-512');
    assert.equal(variantName('baseline', { parameter: 'learningRate', value: 0.0001 }), 'baseline-lr-1e-4');
    assert.equal(variantName('baseline', { parameter: 'learningRate', value: 2.5e-4 }), 'baseline-lr-2.5e-4');
    assert.equal(variantName('baseline-lr-1e-4', { parameter: 'learningRate', value: 1e-3 }), 'baseline-lr-1e-3');
    assert.equal(variantName('baseline-dropout-0.25', { parameter: 'dropout', value: 0.5 }), 'baseline-dropout-0.5');
    assert.equal(variantName('baseline-dropout-0.25', { parameter: 'units', value: 64 }), 'baseline-dropout-0.25-units-64');
    assert.equal(variantName('baseline', { parameter: 'backbone', value: { architecture: 'ResNet50' } }), 'baseline-backbone-resnet50');
    assert.equal(variantName('baseline-backbone-mobilenet-0.5', { parameter: 'backbone', value: { architecture: 'VGG16' } }), 'baseline-backbone-vgg16');
    assert.equal(variantName('baseline-extra-layer-64', { parameter: 'extraLayer', value: 32 }), 'baseline-extra-layer-64-extra-layer-32', 'layers add up');
    assert.equal(variantName('baseline-finetune-3', { parameter: 'fineTune', value: 0 }), 'baseline-no-finetune');
    assert.equal(variantName('baseline', { parameter: 'augmentation', value: 'standard' }), 'baseline-augment-standard');
    assert.equal(variantName('baseline', { parameter: 'inputSize', value: 224 }), 'baseline-input-224');
    assert.equal(variantName('baseline', { parameter: 'pooling', value: 'gap' }), 'baseline-pooling-gap');
    assert.equal(changeSlug({ parameter: 'fineTune', value: 3 }), 'finetune-3');
  });

  it('never reuses a taken name: name-2, name-3', () => {
    const taken = new Set(['baseline-dropout-0.25', 'baseline-dropout-0.25-2']);
    assert.equal(uniqueName('baseline-dropout-0.25', (n) => taken.has(n)), 'baseline-dropout-0.25-3');
    assert.equal(uniqueName('fresh', (n) => taken.has(n)), 'fresh');
    assert.equal(fileBaseName('my run: a/b'), 'my-run-a-b');
    assert.equal(fileBaseName('кошки 2'), 'кошки-2');
    assert.equal(fileBaseName('...'), 'variant');
  });

  it('changes the units of the first hidden layer only', () => {
    const text = JSON.stringify({ name: 'two', backbone: { architecture: 'VGG16' }, head: { layers: [{ units: 256, dropout: 0.5 }, { units: 64 }] } }, null, 2);
    const v = variantOf(text, { parameter: 'units', value: 512 });
    assert.deepEqual(v.config.head.layers.map((l) => l.units), [512, 64]);
    assert.deepEqual(v.config.head.layers.map((l) => l.dropout), [0.5, 0]);
  });

  it('sets the dropout of every hidden layer, and refuses a head without one', () => {
    const text = JSON.stringify({ name: 'two', backbone: { architecture: 'VGG16' }, head: { layers: [{ units: 256 }, { units: 64, dropout: 0.1 }] } }, null, 2);
    assert.deepEqual(variantOf(text, { parameter: 'dropout', value: 0.3 }).config.head.layers.map((l) => l.dropout), [0.3, 0.3]);
    const none = JSON.stringify({ name: 'none', backbone: { architecture: 'VGG16' }, head: { layers: [] } });
    assert.throws(() => variantOf(none, { parameter: 'dropout', value: 0.3 }), (e: unknown) => e instanceof VariantError && e.code === 'noHiddenLayer');
    // Units on a head without hidden layers adds one.
    assert.deepEqual(variantOf(none, { parameter: 'units', value: 128 }).config.head.layers, [{ units: 128, activation: 'relu', dropout: 0 }]);
  });

  it('writes the default head out when the file leaves it implicit, then adds a layer', () => {
    const text = JSON.stringify({ name: 'implicit', backbone: { architecture: 'VGG16' } });
    const v = variantOf(text, { parameter: 'extraLayer', value: 128 });
    assert.deepEqual(v.config.head.layers, [{ units: 256, activation: 'relu', dropout: 0.5 }, { units: 128, activation: 'relu', dropout: 0 }]);
    assert.equal(v.name, 'implicit-extra-layer-128');
  });

  it('changes the backbone cleanly: weights, layer names and preprocessing of the old one go', () => {
    const text = JSON.stringify(
      {
        name: 'mn',
        backbone: { architecture: 'MobileNet', alpha: 0.25, weights: '/models/mobilenet/model.json', outputLayer: 'conv_pw_13_relu', inputSize: 64, preprocessing: 'tf' },
        fineTune: { fromLayer: 'conv_pw_13', epochs: 2 },
      },
      null,
      2,
    );
    const v = variantOf(text, { parameter: 'backbone', value: { architecture: 'InceptionV3' } });
    assert.equal(v.config.backbone.architecture, 'InceptionV3');
    assert.equal(v.config.backbone.alpha, undefined);
    assert.equal(v.config.backbone.weights, 'imagenet');
    assert.equal(v.config.backbone.outputLayer, undefined);
    assert.equal(v.config.backbone.preprocessing, 'tf', 'the new architecture\'s default');
    assert.deepEqual(v.config.backbone.inputSize, [75, 75], 'raised to InceptionV3\'s minimum');
    assert.equal(v.config.fineTune?.fromLayer, undefined);
    assert.equal(v.config.fineTune?.unfreezeTop, 3);
    assert.equal(v.config.fineTune?.epochs, 2, 'the rest of fineTune stays');
    assert.equal(v.before && typeof v.before === 'object' ? v.before.alpha : undefined, 0.25);

    const alpha = variantOf(text, { parameter: 'backbone', value: { architecture: 'MobileNet', alpha: 0.5 } });
    assert.equal(alpha.config.backbone.alpha, 0.5);
    assert.equal(alpha.name, 'mn-backbone-mobilenet-0.5');
  });

  it('turns fine-tuning and augmentation on and off', () => {
    const on = variantOf(baselineText, { parameter: 'fineTune', value: 3 });
    assert.deepEqual(on.config.fineTune, { unfreezeTop: 3, epochs: 5, learningRate: 1e-6 });
    const off = variantOf(on.text, { parameter: 'fineTune', value: 0 });
    assert.equal(off.config.fineTune, undefined);
    assert.equal(off.name, 'baseline-no-finetune');
    const aug = variantOf(baselineText, { parameter: 'augmentation', value: 'standard' });
    assert.deepEqual(aug.config.augmentation, { flip: true, rotation: 0.1, zoom: 0.2 });
    assert.equal(currentValue(aug.config, 'augmentation'), 'standard');
    assert.equal(variantOf(aug.text, { parameter: 'augmentation', value: 'none' }).config.augmentation, undefined);
  });

  it('changes pooling, learning rate and input size', () => {
    assert.equal(variantOf(baselineText, { parameter: 'pooling', value: 'gap' }).config.head.pooling, 'gap');
    assert.equal(variantOf(baselineText, { parameter: 'learningRate', value: 1e-3 }).config.training.learningRate, 1e-3);
    assert.deepEqual(variantOf(baselineText, { parameter: 'inputSize', value: 224 }).config.backbone.inputSize, [224, 224]);
    const inception = JSON.stringify({ name: 'i', backbone: { architecture: 'InceptionV3' } });
    assert.throws(() => variantOf(inception, { parameter: 'inputSize', value: 64 }), (e: unknown) => e instanceof VariantError && e.code === 'inputTooSmall');
  });

  it('refuses a change to the value the config already has', () => {
    assert.throws(() => variantOf(baselineText, { parameter: 'dropout', value: 0.5 }), (e: unknown) => e instanceof VariantError && e.code === 'sameValue');
    assert.throws(() => variantOf(baselineText, { parameter: 'backbone', value: { architecture: 'VGG16' } }), (e: unknown) => e instanceof VariantError && e.code === 'sameValue');
  });

  it('refuses a variant that would not validate, with the reason', () => {
    const random = JSON.stringify({ name: 'r', backbone: { architecture: 'VGG16', weights: null } });
    assert.throws(() => variantOf(random, { parameter: 'fineTune', value: 3 }), (e: unknown) => e instanceof VariantError && e.code === 'invalidResult' && /pretrained weights/.test(e.message));
  });

  it('offers the usual values, with the current one, and only input sizes the backbone takes', () => {
    const base = validateConfig(baselineConfig()).config!;
    assert.deepEqual(suggestedValues(base, 'dropout'), [0, 0.25, 0.5, 0.75]);
    assert.deepEqual(suggestedValues(base, 'units'), [64, 128, 256, 512, 1024]);
    assert.ok(suggestedValues(base, 'inputSize').includes(150));
    assert.equal(suggestedValues(base, 'backbone').length, 7, 'every Keras backbone, no custom');
    const inception = validateConfig({ name: 'i', backbone: { architecture: 'InceptionV3' } }).config!;
    assert.ok(suggestedValues(inception, 'inputSize').every((s) => s >= 75));
    const mobile = validateConfig({ name: 'm', backbone: { architecture: 'MobileNet', alpha: 0.5 } }).config!;
    const alphas = suggestedValues(mobile, 'backbone').filter((b) => b.architecture === 'MobileNet').map((b) => b.alpha ?? 1);
    assert.deepEqual(alphas.sort(), [0.25, 0.5, 0.75, 1]);
    assert.deepEqual(currentValue(mobile, 'backbone'), { architecture: 'MobileNet', alpha: 0.5 });
  });

  it('parses a change from a command argument, and rejects nonsense', () => {
    assert.deepEqual(parseVariantChange({ parameter: 'dropout', value: 0.25 }), { parameter: 'dropout', value: 0.25 });
    assert.deepEqual(parseVariantChange({ parameter: 'backbone', value: 'ResNet50' }), { parameter: 'backbone', value: { architecture: 'ResNet50' } });
    assert.equal(parseVariantChange({ parameter: 'dropout', value: 1 }), undefined);
    assert.equal(parseVariantChange({ parameter: 'backbone', value: 'custom' }), undefined);
    assert.equal(parseVariantChange({ parameter: 'backbone', value: { architecture: 'VGG16', alpha: 0.5 } }), undefined);
    assert.equal(parseVariantChange({ parameter: 'units', value: 1.5 }), undefined);
    assert.equal(parseVariantChange({ parameter: 'colour', value: 1 }), undefined);
    assert.equal(parseVariantChange('dropout'), undefined);
  });

  it('applies edits without touching other text, and removing a missing field is a no-op', () => {
    const text = '{\n  "name": "a",\n  "training": { "epochs": 3 }\n}\n';
    assert.equal(applyConfigEdits(text, [{ path: ['augmentation'], value: undefined }, { path: ['backbone', 'alpha'], value: undefined }]), text);
    const out = applyConfigEdits(text, [{ path: ['training', 'learningRate'], value: 0.001 }]);
    assert.deepEqual(JSON.parse(out), { name: 'a', training: { epochs: 3, learningRate: 0.001 } });
    assert.ok(out.startsWith('{\n  "name": "a",\n'));
  });

  it('tells configs that train the same experiment apart from different ones', () => {
    const a = parseConfigText(baselineText).config!;
    const b = { ...a, name: 'other', description: 'words' };
    assert.ok(sameExperiment(a, b));
    assert.ok(!sameExperiment(a, { ...a, training: { ...a.training, seed: 1 } }));
  });
});
