import { strict as assert } from 'node:assert';
import { architectureOf, isBaselineRow, labProgress, runFactsFromConfig, type RunFacts } from '../../../src/shared/analysis/labProgress';
import { sampleRow } from '../../support/resultRow';

const run = (runId: string, over: Parameters<typeof sampleRow>[0] = {}) => sampleRow({ runId, ...over });
const noFacts: RunFacts = { fineTuned: false, augmented: false, earlyStopping: false };

describe('lab progress (the walkthrough\'s context keys)', () => {
  it('starts with nothing done', () => {
    const p = labProgress({ datasetReady: false, rows: [] });
    assert.deepEqual(p, {
      datasetReady: false,
      baselineDone: false,
      runCount: 0,
      headsTried: 0,
      backbonesTried: 0,
      poolingCompared: false,
      fineTuned: false,
      augmented: false,
      earlyStoppingTried: false,
    });
    assert.equal(labProgress({ datasetReady: true, rows: [] }).datasetReady, true);
  });

  it('counts the baseline only when it completed with a test accuracy', () => {
    assert.equal(labProgress({ datasetReady: true, rows: [run('a')] }).baselineDone, true);
    for (const over of [{ status: 'failed' as const }, { status: 'cancelled' as const }, { status: 'running' as const }, { testAcc: undefined }, { testAcc: NaN }]) {
      const p = labProgress({ datasetReady: true, rows: [run('a', over)] });
      assert.equal(p.baselineDone, false, JSON.stringify(over));
      assert.equal(p.runCount, 0, JSON.stringify(over));
    }
  });

  it('recognises the baseline by backbone, input size, pooling and head, whatever its name', () => {
    assert.equal(isBaselineRow(sampleRow({ name: 'my first run' })), true);
    assert.equal(isBaselineRow(sampleRow({ learningRate: 1e-4, epochsPlanned: 20 })), true, 'training settings do not change the model');
    assert.equal(isBaselineRow(sampleRow({ backbone: 'ResNet50' })), false);
    assert.equal(isBaselineRow(sampleRow({ inputSize: '224x224' })), false);
    assert.equal(isBaselineRow(sampleRow({ pooling: 'gap' })), false);
    assert.equal(isBaselineRow(sampleRow({ head: '256relu' })), false);
    assert.equal(isBaselineRow(sampleRow({ name: 'baseline', head: '512relu-d0.5' })), false);
  });

  it('counts distinct heads and backbone families among completed runs', () => {
    const rows = [
      run('a'),
      run('b', { head: '512relu-d0.5' }),
      run('c', { head: '256relu' }),
      run('d', { head: '256relu', status: 'failed' }),
      run('e', { head: '1024relu', status: 'cancelled' }),
      run('f', { backbone: 'MobileNet(0.25)' }),
      run('g', { backbone: 'MobileNet(0.75)' }),
      run('h', { backbone: 'ResNet50', testAcc: undefined }),
    ];
    const p = labProgress({ datasetReady: true, rows });
    assert.equal(p.runCount, 5);
    assert.equal(p.headsTried, 3);
    assert.equal(p.backbonesTried, 2, 'VGG16 and MobileNet; the failed ResNet50 does not count');
    assert.equal(architectureOf('MobileNet(0.75)'), 'MobileNet');
    assert.equal(architectureOf('InceptionResNetV2'), 'InceptionResNetV2');
  });

  it('compares pooling only on the same backbone', () => {
    const gapElsewhere = labProgress({ datasetReady: true, rows: [run('a'), run('b', { backbone: 'MobileNet(0.75)', pooling: 'gap' })] });
    assert.equal(gapElsewhere.poolingCompared, false);
    const gmpOnly = labProgress({ datasetReady: true, rows: [run('a'), run('b', { pooling: 'gmp' })] });
    assert.equal(gmpOnly.poolingCompared, false);
    const same = labProgress({ datasetReady: true, rows: [run('a'), run('b', { pooling: 'gap' })] });
    assert.equal(same.poolingCompared, true);
    const failedGap = labProgress({ datasetReady: true, rows: [run('a'), run('b', { pooling: 'gap', status: 'failed' })] });
    assert.equal(failedGap.poolingCompared, false);
  });

  it('reads fine-tuning, augmentation and early stopping from the configs of completed runs', () => {
    const facts = new Map<string, RunFacts>([
      ['a', noFacts],
      ['b', { ...noFacts, fineTuned: true }],
      ['c', { ...noFacts, augmented: true, earlyStopping: true }],
    ]);
    const onlyA = labProgress({ datasetReady: true, rows: [run('a')], facts });
    assert.deepEqual([onlyA.fineTuned, onlyA.augmented, onlyA.earlyStoppingTried], [false, false, false]);
    const all = labProgress({ datasetReady: true, rows: [run('a'), run('b'), run('c')], facts });
    assert.deepEqual([all.fineTuned, all.augmented, all.earlyStoppingTried], [true, true, true]);
    const failed = labProgress({ datasetReady: true, rows: [run('a'), run('b', { status: 'failed' })], facts });
    assert.equal(failed.fineTuned, false, 'a failed fine-tuning run does not count');
  });

  it('takes run facts from any config shape', () => {
    assert.deepEqual(runFactsFromConfig(undefined), noFacts);
    assert.deepEqual(runFactsFromConfig('nonsense'), noFacts);
    assert.deepEqual(runFactsFromConfig({ backbone: { architecture: 'VGG16' } }), noFacts);
    assert.deepEqual(runFactsFromConfig({ fineTune: { unfreezeTop: 4 } }), { ...noFacts, fineTuned: true });
    assert.deepEqual(runFactsFromConfig({ backbone: { trainable: true } }), { ...noFacts, fineTuned: true });
    assert.deepEqual(runFactsFromConfig({ augmentation: { flip: true }, training: { earlyStopping: { patience: 3 } } }), { ...noFacts, augmented: true, earlyStopping: true });
    assert.deepEqual(runFactsFromConfig({ fineTune: null, augmentation: [], training: { earlyStopping: false } }), noFacts);
  });
});
