import { strict as assert } from 'node:assert';
import { detectOverfitting } from '../../../src/shared/analysis/overfitting';
import type { EpochPoint } from '../../../src/shared/protocol/webview';

/** Epochs 1..n from parallel lists of training and validation loss. */
function curve(loss: number[], valLoss: number[]): EpochPoint[] {
  return loss.map((l, i) => ({ epoch: i + 1, phase: 'train', loss: l, acc: 1 - l, valLoss: valLoss[i], valAcc: 1 - valLoss[i], seconds: 10 }));
}

describe('overfitting rule', () => {
  it('finds nothing without epochs', () => {
    assert.deepEqual(detectOverfitting([]), { epochsSinceBest: 0 });
  });

  it('marks the best epoch but does not call overfitting while validation loss still falls', () => {
    const r = detectOverfitting(curve([0.6, 0.4, 0.3, 0.25], [0.5, 0.35, 0.3, 0.28]));
    assert.equal(r.bestEpoch, 4);
    assert.equal(r.began, undefined);
    assert.equal(r.epochsSinceBest, 0);
  });

  it('says overfitting began the epoch after the best one once validation loss rose for 2 epochs while training loss fell', () => {
    const r = detectOverfitting(curve([0.6, 0.4, 0.3, 0.2, 0.15, 0.1], [0.5, 0.3, 0.25, 0.27, 0.3, 0.34]));
    assert.equal(r.bestEpoch, 3);
    assert.equal(r.began, 4);
    assert.equal(r.epochsSinceBest, 3);
  });

  it('waits for the second epoch of rising validation loss (patience 2)', () => {
    const r = detectOverfitting(curve([0.6, 0.4, 0.3, 0.2], [0.5, 0.3, 0.25, 0.27]));
    assert.equal(r.bestEpoch, 3);
    assert.equal(r.began, undefined);
    assert.equal(detectOverfitting(curve([0.6, 0.4, 0.3, 0.2], [0.5, 0.3, 0.25, 0.27]), { patience: 1 }).began, 4);
  });

  it('is not overfitting when training loss rose too (the run is just unstable)', () => {
    const r = detectOverfitting(curve([0.6, 0.4, 0.3, 0.35, 0.4], [0.5, 0.3, 0.25, 0.3, 0.35]));
    assert.equal(r.bestEpoch, 3);
    assert.equal(r.began, undefined);
  });

  it('tolerates noise in the training loss as long as it stays below the best epoch', () => {
    const r = detectOverfitting(curve([0.6, 0.4, 0.3, 0.2, 0.22, 0.18], [0.5, 0.3, 0.25, 0.26, 0.28, 0.3]));
    assert.equal(r.began, 4);
  });

  it('takes the earliest of equal minima and ignores rises within minDelta', () => {
    const points = curve([0.6, 0.4, 0.3, 0.2, 0.1], [0.5, 0.3, 0.3, 0.305, 0.306]);
    assert.equal(detectOverfitting(points).bestEpoch, 2);
    assert.equal(detectOverfitting(points).began, undefined, 'epoch 3 equals the minimum: not a rise');
    assert.equal(detectOverfitting(points, { minDelta: 0.01 }).began, undefined);
  });

  it('sorts epochs that arrive out of order', () => {
    const points = curve([0.6, 0.4, 0.3, 0.2, 0.1], [0.5, 0.2, 0.3, 0.4, 0.5]).reverse();
    assert.deepEqual(detectOverfitting(points), { bestEpoch: 2, began: 3, epochsSinceBest: 3 });
  });
});
