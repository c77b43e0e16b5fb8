import * as assert from 'node:assert/strict';
import { customLayers } from '../../../src/engine/backbones';
import { tf } from '../../../src/engine/tf/tf';

describe('custom backbone layers', () => {
  it('CustomScaleLayer computes x + scale * residual and serialises its scale', async () => {
    const t = tf();
    const { CustomScaleLayer } = customLayers(t);
    const a = t.input({ shape: [2, 2, 3] });
    const b = t.input({ shape: [2, 2, 3] });
    const layer = new CustomScaleLayer({ scale: 0.17, name: 'block35_1' });
    const model = t.model({ inputs: [a, b], outputs: layer.apply([a, b]) as never });
    assert.deepEqual(layer.getConfig().scale, 0.17);
    const x = t.fill([1, 2, 2, 3], 2);
    const r = t.fill([1, 2, 2, 3], 10);
    const y = model.predict([x, r]) as ReturnType<typeof t.zeros>;
    assert.ok(Array.from(y.dataSync()).every((v) => Math.abs(v - 3.7) < 1e-6));
    // A round trip through the tfjs JSON format finds the registered class.
    const again = await t.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as never);
    assert.equal(again.getLayer('block35_1').getClassName(), 'CustomScaleLayer');
    assert.equal((again.getLayer('block35_1').getConfig() as { scale: number }).scale, 0.17);
    t.dispose([x, r, y]);
    model.dispose();
    again.dispose();
  });

  it("Normalization computes (x - mean) / max(sqrt(variance), 1e-7) and carries Keras's mean/variance/count weights", async () => {
    const t = tf();
    const { Normalization } = customLayers(t);
    const input = t.input({ shape: [1, 1, 3] });
    const layer = new Normalization({ name: 'normalization', mean: [1, 2, 3], variance: [4, 0, 0.25] });
    const model = t.model({ inputs: input, outputs: layer.apply(input) as never });
    assert.deepEqual(layer.weights.map((w) => w.originalName), ['normalization/mean', 'normalization/variance', 'normalization/count']);
    assert.equal(model.countParams(), 7);
    const y = model.predict(t.tensor4d([[[[3, 2, 4]]]])) as ReturnType<typeof t.zeros>;
    const [v0, v1, v2] = Array.from(y.dataSync());
    assert.ok(Math.abs(v0 - 1) < 1e-6 && v1 === 0 && Math.abs(v2 - 2) < 1e-6, `got ${v0}, ${v1}, ${v2}`);
    // Loaded weights show in the config, which an exporter reads.
    layer.setWeights([t.tensor1d([0.5, 0.5, 0.5]), t.tensor1d([1, 1, 1]), t.scalar(3)]);
    const config = layer.getConfig() as { mean: number[]; variance: number[]; axis: number };
    assert.deepEqual(config.mean, [0.5, 0.5, 0.5]);
    assert.deepEqual(config.variance, [1, 1, 1]);
    assert.equal(config.axis, -1);
    const again = await t.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as never);
    assert.deepEqual(Array.from(again.getLayer('normalization').getWeights()[0].dataSync()), [0.5, 0.5, 0.5]);
    y.dispose();
    model.dispose();
    again.dispose();
  });

  it('Normalization rejects an axis other than the last', () => {
    const { Normalization } = customLayers(tf());
    assert.throws(() => new Normalization({ axis: 1 }), /last axis/);
  });
});
