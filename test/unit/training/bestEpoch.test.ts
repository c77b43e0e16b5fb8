import { strict as assert } from 'node:assert';
import { reportedBestEpoch } from '../../../src/engine/training/earlyStopping';
import type { EpochPoint } from '../../../src/shared/protocol/webview';

const point = (epoch: number, phase: EpochPoint['phase'], valLoss: number, valAcc: number): EpochPoint => ({ epoch, phase, loss: 0, acc: 0, valLoss, valAcc, seconds: 1 });
const training = (earlyStopping?: { patience: number; restoreBest: boolean; monitor: 'val_loss' | 'val_acc' }) => ({ optimizer: 'adam' as const, learningRate: 1e-3, batchSize: 32, epochs: 3, seed: 1, earlyStopping });

describe('the best epoch a run reports', () => {
  const epochs = [point(1, 'train', 0.5, 0.8), point(2, 'train', 0.2, 0.9), point(3, 'train', 0.3, 0.95), point(4, 'finetune', 0.25, 0.93), point(5, 'finetune', 0.4, 0.9)];

  it('is the lowest validation loss, or the highest accuracy when that is monitored; ties go to the earliest', () => {
    assert.equal(reportedBestEpoch(epochs.slice(0, 3), { training: training() })?.epoch, 2);
    assert.equal(reportedBestEpoch(epochs.slice(0, 3), { training: training({ patience: 2, restoreBest: false, monitor: 'val_acc' }) })?.epoch, 3);
    assert.equal(reportedBestEpoch([point(1, 'train', 0.2, 0.9), point(2, 'train', 0.2, 0.9)], { training: training() })?.epoch, 1);
    assert.equal(reportedBestEpoch([point(1, 'train', NaN, 0.5), point(2, 'train', 0.7, 0.6)], { training: training() })?.epoch, 2, 'a NaN loss is never the best');
    assert.equal(reportedBestEpoch([], { training: training() }), undefined);
  });

  it('with fine-tuning and restoreBest, is the best fine-tuning epoch: its weights are the saved ones', () => {
    const fineTune = { fromLayer: 'conv_pw_13', epochs: 2, learningRate: 1e-5 };
    assert.equal(reportedBestEpoch(epochs, { training: training({ patience: 3, restoreBest: true, monitor: 'val_loss' }), fineTune })?.epoch, 4);
    assert.equal(reportedBestEpoch(epochs, { training: training({ patience: 3, restoreBest: false, monitor: 'val_loss' }), fineTune })?.epoch, 2, 'without restoreBest the last weights are kept; the best of all is reported');
    assert.equal(reportedBestEpoch(epochs, { training: training(), fineTune })?.epoch, 2);
  });
});
