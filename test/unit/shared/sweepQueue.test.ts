import { strict as assert } from 'node:assert';
import {
  cancelSweep,
  createSweep,
  finishItem,
  nextItem,
  parseSweepState,
  resumeAfterReload,
  startItem,
  sweepProgress,
  sweepSummary,
  type SweepState,
} from '../../../src/shared/sweep/sweepQueue';

function threeDropouts(): SweepState {
  return createSweep({
    id: 's1',
    title: 'baseline: dropout 0, 0.25, 0.5',
    createdAt: '2025-01-02T03:04:05.000Z',
    items: [
      { label: 'baseline-dropout-0', config: 'experiments/baseline-dropout-0.json' },
      { label: 'baseline-dropout-0.25', config: 'experiments/baseline-dropout-0.25.json' },
      { label: 'baseline', config: 'experiments/baseline.json' },
    ],
  });
}

/** Runs the queue the way the host does, with the given outcome per item. */
function drive(state: SweepState, outcome: (index: number) => Parameters<typeof finishItem>[2]): { state: SweepState; order: number[] } {
  const order: number[] = [];
  for (let i = nextItem(state); i !== undefined; i = nextItem(state)) {
    order.push(i);
    state = startItem(state, i);
    state = finishItem(state, i, outcome(i));
  }
  return { state, order };
}

describe('sweep queue', () => {
  it('runs the items in order and finishes', () => {
    const { state, order } = drive(threeDropouts(), (i) => ({ status: 'completed', runId: `r${i}`, testAcc: 0.9 + i / 100 }));
    assert.deepEqual(order, [0, 1, 2]);
    assert.equal(state.status, 'finished');
    assert.deepEqual(state.items.map((i) => [i.status, i.runId, i.attempts]), [['completed', 'r0', 1], ['completed', 'r1', 1], ['completed', 'r2', 1]]);
    assert.equal(sweepSummary(state).best?.label, 'baseline');
  });

  it('goes on after a failed or cancelled run', () => {
    const { state, order } = drive(threeDropouts(), (i) => (i === 0 ? { status: 'failed', error: 'out of memory' } : i === 1 ? { status: 'cancelled' } : { status: 'completed', testAcc: 0.8 }));
    assert.deepEqual(order, [0, 1, 2]);
    assert.equal(state.status, 'finished');
    assert.equal(state.items[0].error, 'out of memory');
    assert.deepEqual(sweepSummary(state), { completed: 1, failed: 1, cancelled: 1, pending: 0, best: state.items[2] });
  });

  it('says "2/4"-style progress: the running item, the total, how many ended', () => {
    let s = threeDropouts();
    assert.deepEqual(sweepProgress(s), { position: 1, total: 3, done: 0 });
    s = finishItem(startItem(s, 0), 0, { status: 'completed' });
    s = startItem(s, 1);
    assert.deepEqual(sweepProgress(s), { position: 2, total: 3, done: 1 });
  });

  it('cancelling stops the items not started; the running one ends as it ends', () => {
    let s = startItem(threeDropouts(), 0);
    s = cancelSweep(s);
    assert.equal(s.status, 'cancelled');
    assert.equal(nextItem(s), undefined);
    assert.deepEqual(s.items.map((i) => i.status), ['running', 'cancelled', 'cancelled']);
    s = finishItem(s, 0, { status: 'cancelled' });
    assert.equal(s.status, 'cancelled', 'a cancelled sweep stays cancelled');
    assert.deepEqual(cancelSweep(s), s, 'cancelling twice changes nothing');
  });

  it('after a reload the interrupted item runs again, but not forever', () => {
    let s = finishItem(startItem(threeDropouts(), 0), 0, { status: 'completed' });
    s = startItem(s, 1);
    s = resumeAfterReload(s);
    assert.deepEqual(s.items.map((i) => i.status), ['completed', 'pending', 'pending']);
    assert.equal(nextItem(s), 1);
    s = resumeAfterReload(startItem(s, 1));
    assert.equal(s.items[1].status, 'failed', 'interrupted on each of its two tries');
    assert.equal(s.items[1].error, 'interrupted');
    assert.equal(nextItem(s), 2);
  });

  it('a reload during a cancelled sweep leaves nothing to run', () => {
    const s = resumeAfterReload(cancelSweep(startItem(threeDropouts(), 0)));
    assert.deepEqual(s.items.map((i) => i.status), ['cancelled', 'cancelled', 'cancelled']);
    assert.equal(nextItem(s), undefined);
  });

  it('refuses to start an item twice and an empty sweep', () => {
    const s = startItem(threeDropouts(), 0);
    assert.throws(() => startItem(s, 0), /not pending/);
    assert.throws(() => finishItem(s, 7, { status: 'completed' }), RangeError);
    assert.throws(() => createSweep({ id: 'x', title: 'x', createdAt: '', items: [] }), /at least one/);
  });

  it('stores as plain JSON and reads back exactly; damaged or foreign data is refused', () => {
    const s = finishItem(startItem(threeDropouts(), 0), 0, { status: 'completed', runId: 'r0', testAcc: 0.95 });
    const stored = JSON.parse(JSON.stringify(s));
    assert.deepEqual(parseSweepState(stored), s);
    assert.equal(parseSweepState({ ...stored, version: 2 }), undefined);
    assert.equal(parseSweepState({ ...stored, items: [] }), undefined);
    assert.equal(parseSweepState({ ...stored, status: 'paused' }), undefined);
    assert.equal(parseSweepState({ ...stored, items: [{ ...stored.items[0], status: 'done' }] }), undefined);
    assert.equal(parseSweepState({ ...stored, items: [{ ...stored.items[0], config: '' }] }), undefined);
    assert.equal(parseSweepState(null), undefined);
    assert.equal(parseSweepState('sweep'), undefined);
  });
});
