import { strict as assert } from 'node:assert';
import { tf } from '../../../src/engine/tf/tf';
import { batchNormInInferenceMode, firstUnfrozenLayer, setFineTuneTrainable, trainableParams } from '../../../src/engine/training/freeze';
import { EngineError } from '../../../src/engine/errors';

/** conv (3x3x3x4, no bias) -> BN(4) -> relu -> conv (1x1x4x2 + bias) -> BN(2). */
function tinyNet() {
  const t = tf();
  const input = t.input({ shape: [6, 6, 3] });
  let x: any = t.layers.conv2d({ filters: 4, kernelSize: 3, useBias: false, name: 'c1' }).apply(input);
  x = t.layers.batchNormalization({ name: 'c1_bn' }).apply(x);
  x = t.layers.reLU({ name: 'c1_relu' }).apply(x);
  x = t.layers.conv2d({ filters: 2, kernelSize: 1, name: 'c2' }).apply(x);
  x = t.layers.batchNormalization({ name: 'c2_bn' }).apply(x);
  return t.model({ inputs: input, outputs: x });
}

describe('freezing backbone layers for fine-tuning', () => {
  before(async () => {
    await tf().setBackend('cpu');
  });

  it('counts only trainable weights: BN moving statistics never learn', () => {
    const model = tinyNet();
    // c1 108, c1_bn gamma+beta 8 (+8 moving), c2 8+2, c2_bn 4 (+4 moving)
    assert.equal(model.countParams(), 108 + 16 + 10 + 8);
    assert.equal(trainableParams(model.layers), 108 + 8 + 10 + 4);
    const first = firstUnfrozenLayer(model.layers, { fromLayer: 'c2' });
    setFineTuneTrainable(model.layers, first);
    assert.equal(trainableParams(model.layers), 10 + 4);
    assert.equal(trainableParams(model.layers.slice(first)), 10 + 4);
    model.dispose();
  });

  it('finds the first unfrozen layer by name or by counting weighted layers from the top', () => {
    const model = tinyNet();
    const names = model.layers.map((l) => l.name);
    assert.equal(names[firstUnfrozenLayer(model.layers, { unfreezeTop: 1 })], 'c2_bn');
    assert.equal(names[firstUnfrozenLayer(model.layers, { unfreezeTop: 3 })], 'c1_bn');
    assert.equal(names[firstUnfrozenLayer(model.layers, { fromLayer: 'c1_relu' })], 'c1_relu');
    assert.throws(() => firstUnfrozenLayer(model.layers, { unfreezeTop: 5 }), (e: unknown) => e instanceof EngineError && /only 4 layers with weights/.test(e.message));
    assert.throws(
      () => firstUnfrozenLayer(model.layers, { fromLayer: 'c3' }),
      (e: unknown) => e instanceof EngineError && /"c3" is not a layer/.test(e.message) && /c1, c1_bn, c2, c2_bn/.test(e.hint ?? ''),
    );
    model.dispose();
  });

  it('keeps BatchNormalization in inference mode during training steps: moving statistics stay', async () => {
    const t = tf();
    const model = tinyNet();
    const bns = model.layers.filter((l) => l.getClassName() === 'BatchNormalization');
    const stats = () => bns.flatMap((l) => l.getWeights().slice(2).map((w) => Array.from(w.dataSync())));
    const before = stats();
    const xs = t.randomNormal([4, 6, 6, 3], 3, 2, 'float32', 1);
    const ys = t.randomNormal([4, 4, 4, 2], 0, 1, 'float32', 2);
    const train = async () => {
      model.compile({ optimizer: t.train.sgd(0.1), loss: 'meanSquaredError' });
      await model.trainOnBatch(xs, ys);
    };
    await train();
    assert.notDeepEqual(stats(), before, 'tfjs updates moving statistics in training mode (the reason for the patch)');
    const patchedBefore = stats();
    assert.equal(batchNormInInferenceMode(model.layers), 2);
    await train();
    assert.deepEqual(stats(), patchedBefore);
    t.dispose([xs, ys]);
    model.dispose();
  });
});
