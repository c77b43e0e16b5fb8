import * as assert from 'node:assert/strict';
import { loadBackbone, type BackboneSpec } from '../../../src/engine/backbones';
import { EngineError } from '../../../src/engine/errors';
import { tf } from '../../../src/engine/tf/tf';

const OPTS = { configDir: '/nowhere', cacheDir: '/nowhere/cache' };

function spec(extra: Partial<BackboneSpec>): BackboneSpec {
  return { architecture: 'MobileNet', alpha: 0.25, weights: null, inputSize: [64, 64], preprocessing: 'tf', trainable: false, ...extra };
}

describe('loadBackbone without weight files', () => {
  it('builds random weights from the seed, describes the backbone and frees every tensor on dispose', async () => {
    const before = tf().memory().numTensors;
    const b = await loadBackbone(spec({}), { ...OPTS, seed: 7 });
    assert.equal(b.weightsId, 'random-7');
    assert.equal(b.weightsMatch, 'random');
    assert.equal(b.params, 218_544);
    assert.deepEqual(b.inputSize, [64, 64]);
    assert.deepEqual(b.featureShape, [2, 2, 256]);
    assert.equal(b.preprocessing, 'tf');
    assert.equal(b.architecture, 'MobileNet');
    assert.equal(b.outputLayer, 'conv_pw_13_relu');
    assert.equal(b.layerNames[0], 'input_1');
    assert.equal(b.layerNames[b.layerNames.length - 1], 'conv_pw_13_relu');
    b.dispose();
    assert.equal(tf().memory().numTensors, before);
  });

  it('takes the features from an earlier layer when outputLayer names one, and says so in weightsId', async () => {
    const b = await loadBackbone(spec({ outputLayer: 'conv_pw_6_relu' }), { ...OPTS, seed: 7 });
    try {
      assert.equal(b.weightsId, 'random-7@conv_pw_6_relu');
      assert.deepEqual(b.featureShape, [4, 4, 128]);
      assert.equal(b.outputLayer, 'conv_pw_6_relu');
    } finally {
      b.dispose();
    }
    await assert.rejects(loadBackbone(spec({ outputLayer: 'conv_pw_6_rel' }), OPTS), (e: unknown) => e instanceof EngineError && /no layer "conv_pw_6_rel"/.test(e.message) && /"conv_pw_6_relu"/.test(e.hint ?? ''));
  });

  it('rejects a custom backbone without weights, unknown architectures and alphas as config errors', async () => {
    const isConfig = (path: string) => (e: unknown) => e instanceof EngineError && e.code === 'config' && e.path === path && !!e.hint;
    await assert.rejects(loadBackbone(spec({ architecture: 'custom' }), OPTS), isConfig('backbone.weights'));
    await assert.rejects(loadBackbone(spec({ architecture: 'custom', weights: 'imagenet' }), OPTS), isConfig('backbone.weights'));
    await assert.rejects(loadBackbone(spec({ architecture: 'Xception' as never }), OPTS), isConfig('backbone.architecture'));
    await assert.rejects(loadBackbone(spec({ alpha: 1.4 }), OPTS), isConfig('backbone.alpha'));
  });

  it('stops at once when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(loadBackbone(spec({}), { ...OPTS, signal: ac.signal }), (e: unknown) => e instanceof EngineError && e.code === 'cancelled');
  });
});
