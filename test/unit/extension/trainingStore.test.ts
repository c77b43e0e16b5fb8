import '../../support/installFakeVscode'; // first: the modules below import `vscode`
import { strict as assert } from 'node:assert';
import { TrainingStatusBar } from '../../../src/extension/statusBar';
import { TrainingStore, type TrainingStateChange } from '../../../src/extension/training/trainingStore';
import type { TrainingViewState } from '../../../src/shared/protocol/webview';
import { FakeMemento, statusItems } from '../../support/fakeVscode';

const backend = { name: 'tensorflow' as const, reason: 'test', rejected: [], device: 'CPU' };

describe('host: training state store and status bar', () => {
  it('folds events, marks progress ticks as not significant, and saves the state', async () => {
    const memento = new FakeMemento();
    const store = new TrainingStore(memento as any);
    const changes: TrainingStateChange[] = [];
    store.onDidChange((c) => changes.push(c));
    store.reset({ runId: 'r1', runName: 'baseline' });
    store.feed({ type: 'started', job: 'train', backend });
    store.feed({ type: 'progress', phase: 'train', done: 1, total: 10, unit: 'batches', epoch: 1 });
    store.feed({ type: 'epoch', epoch: 1, epochs: 2, phase: 'train', loss: 0.5, acc: 0.8, valLoss: 0.4, valAcc: 0.85, seconds: 3 });
    assert.deepEqual(changes.map((c) => [c.previousPhase, c.state.phase, c.significant]), [
      ['idle', 'starting', true],
      ['starting', 'running', true],
      ['running', 'running', false],
      ['running', 'running', true],
    ]);
    assert.equal((memento.get('catsDogs.trainingView.state') as TrainingViewState).epochs.length, 1);
    store.dispose();
  });

  it('after a reload shows the last run, and a run that was in progress as stopped', () => {
    const memento = new FakeMemento();
    const running: TrainingViewState = { phase: 'running', runId: 'r1', epochs: [], log: [], progress: { phase: 'train', done: 1, total: 2, unit: 'batches' } };
    memento.values.set('catsDogs.trainingView.state', running);
    const store = new TrainingStore(memento as any);
    assert.equal(store.state.phase, 'finished');
    assert.equal(store.state.status, 'cancelled', 'what the engine records when its window goes away');
    assert.equal(store.state.progress, undefined);
    assert.match(store.state.error!.message, /reloaded/);
    assert.equal(store.interruptedRunId, 'r1');
    store.recordedEnd('other', 'failed');
    assert.equal(store.state.status, 'cancelled', 'another run changes nothing');
    store.recordedEnd('r1', 'failed'); // the engine was killed before it could record: the table says failed
    assert.equal(store.state.status, 'failed');
    assert.equal(store.interruptedRunId, undefined);
    assert.equal((memento.values.get('catsDogs.trainingView.state') as TrainingViewState).status, 'failed', 'and it is saved');
    const finished = new FakeMemento();
    finished.values.set('catsDogs.trainingView.state', { ...running, phase: 'finished', status: 'completed', progress: undefined });
    assert.equal(new TrainingStore(finished as any).interruptedRunId, undefined, 'a run that ended is not interrupted');
    assert.equal(new TrainingStore(new FakeMemento() as any).state.phase, 'idle');
    memento.values.set('catsDogs.trainingView.state', { phase: 'finished', epochs: 'garbage' });
    assert.equal(new TrainingStore(memento as any).state.phase, 'idle', 'a damaged saved state is dropped');
  });

  it('cancels only an active run and refuses to replace it with a past run', () => {
    const store = new TrainingStore();
    store.markCancelling();
    assert.equal(store.state.phase, 'idle');
    store.reset({ runId: 'r1' });
    store.markCancelling();
    assert.equal(store.state.phase, 'cancelling');
    assert.equal(store.replace({ phase: 'finished', epochs: [], log: [] }), false);
    store.feed({ type: 'finished', status: 'cancelled', totalSeconds: 1 });
    assert.equal(store.replace({ phase: 'finished', runId: 'old', epochs: [], log: [] }), true);
    assert.equal(store.state.runId, 'old');
  });

  it('shows progress in the status bar while training and the result once it ends', () => {
    const bar = new TrainingStatusBar();
    const item = statusItems[statusItems.length - 1];
    bar.update({ phase: 'running', runName: 'baseline', epochsPlanned: 10, epochs: [], log: [], backend, progress: { phase: 'train', done: 5, total: 20, unit: 'batches', epoch: 3, etaSeconds: 65 } });
    assert.equal(item.visible, true);
    assert.equal(item.text, '$(sync~spin) baseline: epoch 3/10, 25%, ETA 1:05');
    assert.equal(item.command, 'catsDogs.showTraining');
    bar.update({ phase: 'finished', status: 'completed', runName: 'baseline', epochs: [], log: [], test: { loss: 0.1, acc: 0.97312, confusion: { labels: ['cats', 'dogs'], matrix: [[1, 0], [0, 1]] } } });
    assert.equal(item.text, '$(pass) baseline: test accuracy 97.31%');
    bar.update({ phase: 'idle', epochs: [], log: [] });
    assert.equal(item.visible, false);
    bar.dispose();
  });
});
