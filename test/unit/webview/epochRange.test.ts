import { strict as assert } from 'node:assert';
import type { EpochPoint } from '../../../src/shared/protocol/webview';
import { epochRange } from '../../../webview/training/charts';

const epochs = (n: number, from = 1): EpochPoint[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: from + i, phase: 'train', loss: 0.5, acc: 0.8, valLoss: 0.5, valAcc: 0.8, seconds: 1 }));

describe('the training charts\' epoch axis', () => {
  it('spans every planned epoch while the run goes, and the epochs run once it has ended', () => {
    assert.deepEqual(epochRange(epochs(2), 10, true), [0.8, 10.2]);
    assert.deepEqual(epochRange(epochs(4), 10, false), [0.8, 4.2]);
  });

  it('never starts at an epoch 0: one epoch gets half an epoch either side', () => {
    assert.deepEqual(epochRange(epochs(1), 1, true), [0.5, 1.5]);
    assert.deepEqual(epochRange(epochs(1), 3, false), [0.5, 1.5]);
  });

  it('follows the data past the plan (fine-tuning continues the count) and has nothing to say without epochs', () => {
    assert.deepEqual(epochRange(epochs(6), 4, true), [0.8, 6.2]);
    assert.equal(epochRange([], 10, true), undefined);
  });
});
