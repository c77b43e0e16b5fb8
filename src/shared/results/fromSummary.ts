/** The results-table row of a run, from its summary (pure: paths are given by the caller). */
import type { ExperimentConfig } from '../config/types';
import type { ResultRow } from './row';
import type { RunSummary } from './runFolder';

/** "VGG16", or "MobileNet(0.75)" for families with a width multiplier. */
export function backboneLabel(config: ExperimentConfig): string {
  const { architecture, alpha } = config.backbone;
  return alpha === undefined ? architecture : `${architecture}(${alpha})`;
}

/** "256relu-d0.5", "512relu,128relu-d0.25"; "" when the head has no hidden layer. */
export function headLabel(config: ExperimentConfig): string {
  return config.head.layers.map((l) => `${l.units}${l.activation}${l.dropout > 0 ? `-d${l.dropout}` : ''}`).join(',');
}

export interface RowPaths {
  /** Workspace-relative path of the config the run came from. */
  config: string;
  /** Workspace-relative run folder. */
  runDir: string;
}

export function resultRowFromSummary(summary: RunSummary, paths: RowPaths): ResultRow {
  const { config } = summary;
  const epochsRun = summary.epochs.length;
  const bestPoint = summary.bestEpoch === undefined ? undefined : summary.epochs.find((e) => e.epoch === summary.bestEpoch);
  const bestValAcc = summary.bestValAcc ?? bestPoint?.valAcc;
  const trainSeconds = summary.timings.trainSeconds;
  const secondsPerEpoch = summary.timings.secondsPerEpoch ?? (epochsRun > 0 ? trainSeconds / epochsRun : undefined);
  const row: ResultRow = {
    runId: summary.runId,
    date: summary.startedAt,
    name: summary.name,
    backbone: backboneLabel(config),
    inputSize: `${config.backbone.inputSize[0]}x${config.backbone.inputSize[1]}`,
    pooling: config.head.pooling,
    head: headLabel(config),
    optimizer: config.training.optimizer,
    learningRate: config.training.learningRate,
    batchSize: config.training.batchSize,
    epochsPlanned: config.training.epochs + (config.fineTune?.epochs ?? 0),
    epochsRun,
    trainSeconds,
    backend: summary.backend.name,
    device: summary.backend.device,
    status: summary.status,
    config: paths.config,
    runDir: paths.runDir,
  };
  if (summary.bestEpoch !== undefined) row.bestEpoch = summary.bestEpoch;
  if (bestValAcc !== undefined) row.bestValAcc = bestValAcc;
  if (summary.test) {
    row.testAcc = summary.test.acc;
    row.testLoss = summary.test.loss;
  }
  if (secondsPerEpoch !== undefined && Number.isFinite(secondsPerEpoch)) row.secondsPerEpoch = secondsPerEpoch;
  return row;
}
