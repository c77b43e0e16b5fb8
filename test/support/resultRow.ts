import type { ResultRow } from '../../src/shared/results/row';

/** A complete results-table row for tests; override what the test is about. */
export function sampleRow(over: Partial<ResultRow> = {}): ResultRow {
  return {
    runId: '2026-11-27T10-00-00-baseline',
    date: '2026-11-27T10:00:00.000Z',
    name: 'baseline',
    backbone: 'VGG16',
    inputSize: '150x150',
    pooling: 'flatten',
    head: '256relu-d0.5',
    optimizer: 'adam',
    learningRate: 1e-5,
    batchSize: 64,
    epochsPlanned: 10,
    epochsRun: 10,
    bestEpoch: 8,
    bestValAcc: 0.9753,
    testAcc: 0.9731,
    testLoss: 0.0712,
    trainSeconds: 4600.25,
    secondsPerEpoch: 460.025,
    backend: 'webgpu',
    device: 'NVIDIA H200',
    status: 'completed',
    config: 'experiments/baseline.json',
    runDir: 'experiments/runs/2026-11-27T10-00-00-baseline',
    ...over,
  };
}
