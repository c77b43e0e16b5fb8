import { strict as assert } from 'node:assert';
import { configDiff, flattenConfig } from '../../../src/shared/analysis/configDiff';
import { baselineConfig } from '../../../src/shared/config/templates';
import { validateConfig } from '../../../src/shared/config/validate';

const normalized = (over: (c: any) => void) => {
  const raw: any = structuredClone(baselineConfig());
  over(raw);
  const { config, issues } = validateConfig(raw);
  assert.deepEqual(issues, []);
  return config!;
};

describe('config diff', () => {
  it('shows only the one hyperparameter that changed, not names or descriptions', () => {
    const a = normalized(() => undefined);
    const b = normalized((c) => {
      c.name = 'dropout-0.3';
      c.description = 'other words';
      c.head.layers[0].dropout = 0.3;
    });
    assert.deepEqual(configDiff({ a, b }), [{ path: 'head.layers[0].dropout', values: { a: '0.5', b: '0.3' } }]);
  });

  it('lists a field present in only some configs, leaving the others without a value', () => {
    const a = normalized(() => undefined);
    const b = normalized((c) => (c.training.earlyStopping = { patience: 3 }));
    const diff = configDiff({ a, b });
    assert.deepEqual(
      diff.map((d) => d.path),
      ['training.earlyStopping.patience', 'training.earlyStopping.restoreBest', 'training.earlyStopping.monitor'],
    );
    assert.deepEqual(diff[0].values, { b: '3' });
  });

  it('compares three configs and keeps arrays of numbers as one value', () => {
    const a = normalized(() => undefined);
    const b = normalized((c) => (c.backbone.inputSize = 224));
    const c2 = normalized((c) => (c.training.learningRate = 1e-4));
    const diff = configDiff({ a, b, c: c2 });
    assert.deepEqual(diff, [
      { path: 'backbone.inputSize', values: { a: '[150, 150]', b: '[224, 224]', c: '[150, 150]' } },
      { path: 'training.learningRate', values: { a: '0.00001', b: '0.00001', c: '0.0001' } },
    ]);
  });

  it('is empty for identical configs and flattens nested layers with indices', () => {
    const a = normalized(() => undefined);
    assert.deepEqual(configDiff({ a, b: structuredClone(a) }), []);
    const flat = flattenConfig({ head: { layers: [{ units: 1 }, { units: 2 }] }, weights: null });
    assert.deepEqual([...flat], [['head.layers[0].units', '1'], ['head.layers[1].units', '2'], ['weights', 'null']]);
  });
});
