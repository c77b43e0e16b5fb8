import { strict as assert } from 'node:assert';
import { resultRowFromSummary } from '../../../src/shared/results/fromSummary';
import { baselineConfig } from '../../../src/shared/config/templates';
import { validateConfig } from '../../../src/shared/config/validate';
import type { RunSummary } from '../../../src/shared/results/runFolder';
import { encodeTable, parseTable } from '../../../src/shared/results/csv';
import { sampleRow } from '../../support/resultRow';

function summary(over: Partial<RunSummary> = {}, configOver: (c: any) => void = () => undefined): RunSummary {
  const raw: any = baselineConfig();
  configOver(raw);
  const config = validateConfig(raw).config!;
  return {
    runId: '2026-11-27T10-00-00-baseline',
    name: 'baseline',
    status: 'completed',
    startedAt: '2026-11-27T10:00:00.000Z',
    finishedAt: '2026-11-27T11:16:40.000Z',
    configPath: 'experiments/baseline.json',
    config,
    backend: { name: 'tensorflow', reason: 'fastest available', rejected: [], device: 'Intel Xeon (2 cores)' },
    images: { train: 14000, validation: 3000, test: 3000 },
    skipped: 0,
    params: { backbone: 14714688, trainable: 2097665, head: 2097665 },
    epochs: [1, 2, 3].map((epoch) => ({ epoch, phase: 'train' as const, loss: 0.5 / epoch, acc: 0.8 + epoch / 100, valLoss: 0.3 / epoch, valAcc: 0.85 + epoch / 50, seconds: 100 + epoch })),
    bestEpoch: 2,
    test: { loss: 0.0712, acc: 0.9731, confusion: { labels: ['cats', 'dogs'], matrix: [[1460, 40], [41, 1459]] } },
    timings: { totalSeconds: 400, trainSeconds: 306 },
    versions: { engine: '0.1.0', tfjs: '4.22.0', node: '20.19.0' },
    seed: 42,
    ...over,
  };
}

describe('results row from a run summary', () => {
  it('fills every column of the baseline run', () => {
    const row = resultRowFromSummary(summary(), { config: 'experiments/baseline.json', runDir: 'experiments/runs/2026-11-27T10-00-00-baseline' });
    // The sample row is the baseline's; this summary differs in what a 3-epoch CPU run changes.
    assert.deepEqual(row, sampleRow({
      epochsRun: 3,
      bestEpoch: 2,
      bestValAcc: 0.89,
      trainSeconds: 306,
      secondsPerEpoch: 102,
      backend: 'tensorflow',
      device: 'Intel Xeon (2 cores)',
    }));
    assert.deepEqual(parseTable(encodeTable([row])).rows, [row]);
  });

  it('labels alpha, multi-layer heads and fine-tuning epochs; leaves test columns empty for a failed run', () => {
    const s = summary({ status: 'failed', test: undefined, bestEpoch: undefined, bestValAcc: undefined, epochs: [], timings: { totalSeconds: 5, trainSeconds: 0 } }, (c) => {
      c.backbone = { architecture: 'MobileNet', alpha: 0.75, inputSize: [160, 128], weights: 'imagenet' };
      c.head = { pooling: 'gap', layers: [{ units: 512, activation: 'relu' }, { units: 128, activation: 'relu', dropout: 0.25 }] };
      c.fineTune = { unfreezeTop: 2, epochs: 3 };
    });
    const row = resultRowFromSummary(s, { config: 'c.json', runDir: 'r' });
    assert.equal(row.backbone, 'MobileNet(0.75)');
    assert.equal(row.inputSize, '160x128');
    assert.equal(row.head, '512relu,128relu-d0.25');
    assert.equal(row.pooling, 'gap');
    assert.equal(row.epochsPlanned, 13);
    assert.equal(row.status, 'failed');
    for (const k of ['testAcc', 'testLoss', 'bestEpoch', 'bestValAcc', 'secondsPerEpoch'] as const) assert.equal(k in row, false, k);
  });
});
