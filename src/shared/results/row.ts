/**
 * One row of the workspace's results table (experiments/results.csv): one per run, whatever its end.
 * The column order here is the file's column order.
 */
import type { RunStatus } from '../protocol/engine';

export const RESULT_COLUMNS = [
  'run_id',
  'date',
  'name',
  'backbone',
  'input_size',
  'pooling',
  'head',
  'optimizer',
  'learning_rate',
  'batch_size',
  'epochs_planned',
  'epochs_run',
  'best_epoch',
  'best_val_acc',
  'test_acc',
  'test_loss',
  'train_seconds',
  'seconds_per_epoch',
  'backend',
  'device',
  'status',
  'config',
  'run_dir',
] as const;
export type ResultColumn = (typeof RESULT_COLUMNS)[number];

export interface ResultRow {
  runId: string;
  /** ISO 8601 start time. */
  date: string;
  name: string;
  /** e.g. "VGG16" or "MobileNet(0.75)". */
  backbone: string;
  /** e.g. "150x150". */
  inputSize: string;
  pooling: string;
  /** e.g. "256relu-d0.5" or "512relu,128relu-d0.25"; "" for no hidden layer. */
  head: string;
  optimizer: string;
  learningRate: number;
  batchSize: number;
  epochsPlanned: number;
  epochsRun: number;
  bestEpoch?: number;
  bestValAcc?: number;
  testAcc?: number;
  testLoss?: number;
  trainSeconds: number;
  secondsPerEpoch?: number;
  backend: string;
  device: string;
  status: RunStatus | 'running';
  /** Workspace-relative path of the config used. */
  config: string;
  /** Workspace-relative run folder. */
  runDir: string;
}

export const ROW_FIELD_BY_COLUMN: Record<ResultColumn, keyof ResultRow> = {
  run_id: 'runId',
  date: 'date',
  name: 'name',
  backbone: 'backbone',
  input_size: 'inputSize',
  pooling: 'pooling',
  head: 'head',
  optimizer: 'optimizer',
  learning_rate: 'learningRate',
  batch_size: 'batchSize',
  epochs_planned: 'epochsPlanned',
  epochs_run: 'epochsRun',
  best_epoch: 'bestEpoch',
  best_val_acc: 'bestValAcc',
  test_acc: 'testAcc',
  test_loss: 'testLoss',
  train_seconds: 'trainSeconds',
  seconds_per_epoch: 'secondsPerEpoch',
  backend: 'backend',
  device: 'device',
  status: 'status',
  config: 'config',
  run_dir: 'runDir',
};

export const NUMERIC_FIELDS: ReadonlySet<keyof ResultRow> = new Set<keyof ResultRow>([
  'learningRate',
  'batchSize',
  'epochsPlanned',
  'epochsRun',
  'bestEpoch',
  'bestValAcc',
  'testAcc',
  'testLoss',
  'trainSeconds',
  'secondsPerEpoch',
]);
