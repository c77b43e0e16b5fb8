import { strict as assert } from 'node:assert';
import { bestRun, filterRows, sortRows } from '../../../src/shared/analysis/resultsTable';
import { sampleRow } from '../../support/resultRow';

const rows = [
  sampleRow({ runId: 'r1', name: 'baseline', testAcc: 0.9731, trainSeconds: 4600, date: '2026-11-27T10:00:00Z', backbone: 'VGG16' }),
  sampleRow({ runId: 'r2', name: 'mobilenet', config: 'experiments/mobilenet.json', testAcc: 0.951, trainSeconds: 300, date: '2026-11-28T10:00:00Z', backbone: 'MobileNet(0.75)' }),
  sampleRow({ runId: 'r3', name: 'lr-1e-4', config: 'experiments/lr.json', testAcc: undefined, status: 'failed', trainSeconds: 20, date: '2026-11-29T10:00:00Z' }),
  sampleRow({ runId: 'r10', name: 'Baseline 2', testAcc: 0.9731, trainSeconds: 4000, date: '2026-11-30T10:00:00Z', device: 'Intel CPU' }),
];
const ids = (rs: { runId: string }[]) => rs.map((r) => r.runId);

describe('results table: sort, filter, best run', () => {
  it('sorts numbers numerically both ways, with missing values last either way', () => {
    assert.deepEqual(ids(sortRows(rows, { key: 'testAcc', direction: 'descending' })), ['r1', 'r10', 'r2', 'r3']);
    assert.deepEqual(ids(sortRows(rows, { key: 'testAcc', direction: 'ascending' })), ['r2', 'r1', 'r10', 'r3']);
    assert.deepEqual(ids(sortRows(rows, { key: 'trainSeconds', direction: 'ascending' })), ['r3', 'r2', 'r10', 'r1']);
  });

  it('sorts text case-insensitively with numbers in names in natural order, stable on ties', () => {
    assert.deepEqual(ids(sortRows(rows, { key: 'runId', direction: 'ascending' })), ['r1', 'r2', 'r3', 'r10']);
    assert.deepEqual(ids(sortRows(rows, { key: 'name', direction: 'ascending' })), ['r1', 'r10', 'r3', 'r2']);
    assert.deepEqual(ids(sortRows(rows, { key: 'optimizer', direction: 'descending' })), ['r1', 'r2', 'r3', 'r10']);
  });

  it('does not change the input', () => {
    const copy = structuredClone(rows);
    sortRows(rows, { key: 'name', direction: 'descending' });
    assert.deepEqual(rows, copy);
  });

  it('filters by status and by every word of the text across columns', () => {
    assert.deepEqual(ids(filterRows(rows, { text: '', status: 'failed' })), ['r3']);
    assert.deepEqual(ids(filterRows(rows, { text: 'baseline', status: 'all' })), ['r1', 'r10']);
    assert.deepEqual(ids(filterRows(rows, { text: 'BASELINE intel', status: 'all' })), ['r10']);
    assert.deepEqual(ids(filterRows(rows, { text: 'mobilenet(0.75', status: 'completed' })), ['r2']);
    assert.deepEqual(ids(filterRows(rows, { text: 'nothing-like-this', status: 'all' })), []);
  });

  it('picks the completed run with the best test accuracy, the faster on a tie', () => {
    assert.equal(bestRun(rows)?.runId, 'r10');
    assert.equal(bestRun(rows.filter((r) => r.runId !== 'r10'))?.runId, 'r1');
    assert.equal(bestRun([sampleRow({ status: 'cancelled', testAcc: 0.99 })]), undefined);
    assert.equal(bestRun([]), undefined);
  });
});
