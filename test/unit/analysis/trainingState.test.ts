import { strict as assert } from 'node:assert';
import {
  LOG_LIMIT,
  cancellingTrainingState,
  idleTrainingState,
  isTrainingActive,
  reduceTrainingState,
  startingTrainingState,
} from '../../../src/shared/analysis/trainingState';
import { baselineConfig } from '../../../src/shared/config/templates';
import { validateConfig } from '../../../src/shared/config/validate';
import type { EngineToHost } from '../../../src/shared/protocol/engine';
import type { TrainingViewState } from '../../../src/shared/protocol/webview';

const config = validateConfig(baselineConfig()).config!;
const backend = { name: 'tensorflow' as const, reason: 'fastest available', rejected: [], device: 'CPU' };
const epoch = (n: number, valLoss = 0.3): EngineToHost => ({ type: 'epoch', epoch: n, epochs: 10, phase: 'train', loss: 0.5 / n, acc: 0.9, valLoss, valAcc: 0.95, seconds: 12 });
const fold = (state: TrainingViewState, events: EngineToHost[]) => events.reduce(reduceTrainingState, state);

describe('training view state reducer', () => {
  it('starts from the run info: name, planned epochs with fine-tuning, batch size', () => {
    const s = startingTrainingState({ runId: 'r1', config: { ...config, fineTune: { unfreezeTop: 2, epochs: 3, learningRate: 1e-6 } }, configPath: 'experiments/baseline.json', startedAt: '2026-01-01T00:00:00Z' });
    assert.equal(s.phase, 'starting');
    assert.equal(s.runName, 'baseline');
    assert.equal(s.epochsPlanned, 13);
    assert.equal(s.batchSize, 64);
    assert.equal(s.startedAt, '2026-01-01T00:00:00Z');
    assert.ok(isTrainingActive(s));
    assert.ok(!isTrainingActive(idleTrainingState()));
  });

  it('folds a whole run: started, progress, epochs, finished', () => {
    const s0 = startingTrainingState({ config });
    const frozen = structuredClone(s0);
    const s = fold(s0, [
      { type: 'started', job: 'train', runId: 'run-7', runDir: '/w/experiments/runs/run-7', backend, backbone: { architecture: 'VGG16', params: 14714688, trainableParams: 2097665, headParams: 2097665, featureShape: [4, 4, 512] }, images: { train: 1400, validation: 300, test: 300 } },
      { type: 'progress', phase: 'train', done: 3, total: 22, unit: 'batches', rate: 2.5, etaSeconds: 8, epoch: 1 },
      epoch(1),
      epoch(2, 0.2),
      { type: 'progress', phase: 'evaluate', done: 300, total: 300, unit: 'photos' },
      { type: 'finished', status: 'completed', runId: 'run-7', test: { loss: 0.07, acc: 0.9731, confusion: { labels: ['cats', 'dogs'], matrix: [[146, 4], [4, 146]] } }, bestEpoch: 2, epochsRun: 2, totalSeconds: 61.5 },
    ]);
    assert.deepEqual(s0, frozen, 'the input state is never mutated');
    assert.equal(s.phase, 'finished');
    assert.equal(s.status, 'completed');
    assert.equal(s.runId, 'run-7');
    assert.equal(s.runDir, '/w/experiments/runs/run-7');
    assert.deepEqual(s.backbone, { architecture: 'VGG16', params: 14714688, trainableParams: 2097665, headParams: 2097665 });
    assert.deepEqual(s.epochs.map((e) => e.epoch), [1, 2]);
    assert.equal(s.test?.acc, 0.9731);
    assert.equal(s.bestEpoch, 2);
    assert.equal(s.totalSeconds, 61.5);
    assert.equal(s.progress, undefined, 'no progress bar after the end');
  });

  it('keeps the latest progress with its epoch, and moves from starting to running on the first sign of life', () => {
    const s = reduceTrainingState(startingTrainingState({}), { type: 'progress', phase: 'download', done: 10, total: 100, unit: 'bytes', message: 'VGG16 weights' });
    assert.equal(s.phase, 'running');
    assert.deepEqual(s.progress, { phase: 'download', done: 10, total: 100, unit: 'bytes', message: 'VGG16 weights' });
  });

  it('replaces a repeated epoch instead of drawing it twice, and keeps epochs in order', () => {
    const s = fold(startingTrainingState({}), [epoch(2), epoch(1), epoch(2, 0.1)]);
    assert.deepEqual(s.epochs.map((e) => [e.epoch, e.valLoss]), [[1, 0.3], [2, 0.1]]);
  });

  it('stays cancelling until the engine reports the end, then shows cancelled', () => {
    let s = fold(startingTrainingState({}), [{ type: 'started', job: 'train', backend }, epoch(1)]);
    s = cancellingTrainingState(s);
    assert.equal(s.phase, 'cancelling');
    s = fold(s, [epoch(2), { type: 'progress', phase: 'train', done: 1, total: 2, unit: 'batches' }]);
    assert.equal(s.phase, 'cancelling');
    s = reduceTrainingState(s, { type: 'finished', status: 'cancelled', totalSeconds: 3 });
    assert.equal(s.phase, 'finished');
    assert.equal(s.status, 'cancelled');
    assert.equal(cancellingTrainingState(s).phase, 'finished', 'a finished run cannot be cancelled');
  });

  it('records errors with their hint and a failed end, and ignores progress after the end', () => {
    let s = fold(startingTrainingState({}), [
      { type: 'error', message: 'Out of memory', hint: 'Lower batchSize.', code: 'out-of-memory' },
      { type: 'finished', status: 'failed', totalSeconds: 1 },
    ]);
    assert.deepEqual(s.error, { message: 'Out of memory', hint: 'Lower batchSize.' });
    assert.equal(s.status, 'failed');
    const after = reduceTrainingState(s, { type: 'progress', phase: 'train', done: 1, total: 2, unit: 'batches' });
    assert.equal(after, s);
    s = reduceTrainingState(startingTrainingState({}), { type: 'finished', status: 'failed', totalSeconds: 1, message: 'The engine stopped (exit code 9).' });
    assert.deepEqual(s.error, { message: 'The engine stopped (exit code 9).' });
  });

  it('keeps a bounded log with warnings and skipped photos marked', () => {
    let s = startingTrainingState({});
    for (let i = 0; i < LOG_LIMIT + 5; i++) s = reduceTrainingState(s, { type: 'log', level: 'info', message: `line ${i}` });
    s = fold(s, [{ type: 'log', level: 'warn', message: 'slow' }, { type: 'skipped', photos: [{ file: 'cat.1.jpg', reason: 'not a JPEG' }] }]);
    assert.equal(s.log.length, LOG_LIMIT);
    assert.deepEqual(s.log.slice(-2), ['WARN: slow', 'WARN: skipped cat.1.jpg: not a JPEG']);
  });

  it('ignores events of other jobs', () => {
    const s = startingTrainingState({});
    assert.equal(reduceTrainingState(s, { type: 'started', job: 'prepare', backend }), s);
    assert.equal(reduceTrainingState(s, { type: 'predictions', predictions: [] }), s);
  });
});
