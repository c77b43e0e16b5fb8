import { strict as assert } from 'node:assert';
import { defaultUiState, nextSort, restoreUiState } from '../../../webview/experiments/uiState';
import { overlaySpec, runLabels } from '../../../webview/experiments/compareData';
import { sampleRow } from '../../support/resultRow';

describe('Experiments view UI logic', () => {
  it('flips the direction on the same column; a new column starts numbers high-first and text A-Z', () => {
    const s = nextSort({ key: 'name', direction: 'ascending' }, 'name', false);
    assert.deepEqual(s, { key: 'name', direction: 'descending' });
    assert.deepEqual(nextSort(s, 'testAcc', true), { key: 'testAcc', direction: 'descending' });
    assert.deepEqual(nextSort(s, 'backbone', false), { key: 'backbone', direction: 'ascending' });
  });

  it('restores a saved UI state field by field and drops what does not fit', () => {
    assert.deepEqual(restoreUiState(undefined), defaultUiState());
    assert.deepEqual(restoreUiState({ sort: { key: 'testAcc', direction: 'sideways' }, filter: { text: 'vgg', status: 'exploded' }, selected: ['a', 3, 'b'] }), {
      sort: defaultUiState().sort,
      filter: { text: 'vgg', status: 'all' },
      selected: ['a', 'b'],
    });
  });

  it('overlays runs on the union of their epochs, with gaps where a run stopped early', () => {
    const e = (epoch: number, valAcc: number) => ({ epoch, phase: 'train' as const, loss: 0, acc: 0, valLoss: 1 - valAcc, valAcc, seconds: 1 });
    const labels = runLabels(['a', 'b'], [sampleRow({ runId: 'a', name: 'same' }), sampleRow({ runId: 'b', name: 'same' })]);
    assert.deepEqual([...labels.values()], ['same (a)', 'same (b)']);
    const spec = overlaySpec([{ runId: 'a', epochs: [e(1, 0.9), e(2, 0.92), e(3, 0.93)] }, { runId: 'b', epochs: [e(1, 0.8), e(2, 0.85)] }], labels, 'valAcc');
    assert.deepEqual(spec.x, [1, 2, 3]);
    assert.deepEqual(spec.series.map((s) => s.values), [[0.9, 0.92, 0.93], [0.8, 0.85, null]]);
    assert.deepEqual(spec.series.map((s) => s.label), ['same (a)', 'same (b)']);
    assert.equal(spec.percent, true);
  });
});
