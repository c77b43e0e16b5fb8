/**
 * What a run folder holds (experiments/runs/<runId>/), written by the engine and read by the host:
 *   config.json     the exact normalised config used
 *   metrics.csv     one line per epoch: epoch,phase,loss,acc,val_loss,val_acc,seconds
 *   summary.json    RunSummary below
 *   predictions.csv test photos: file,label,probability (for error analysis)
 *   model/          the trained head (TensorFlow.js layers format) and backbone reference for `predict`
 *   log.txt         the Keras-style log
 */
import type { BackendReport, ConfusionMatrix, RunStatus } from '../protocol/engine';
import type { ExperimentConfig } from '../config/types';
import type { EpochPoint } from '../protocol/webview';

export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.csv',
  summary: 'summary.json',
  predictions: 'predictions.csv',
  model: 'model',
  log: 'log.txt',
} as const;

export const METRICS_HEADER = 'epoch,phase,loss,acc,val_loss,val_acc,seconds';

export interface RunSummary {
  runId: string;
  name: string;
  status: RunStatus | 'running';
  startedAt: string;
  finishedAt?: string;
  /** Workspace- or experiments-relative path of the config file the run came from. */
  configPath: string;
  config: ExperimentConfig;
  backend: BackendReport;
  /** Extractor used for frozen features, e.g. "onnxruntime-cpu"; absent when features were not cached. */
  featureExtractor?: string;
  featureCache?: { hits: number; misses: number };
  images: { train: number; validation: number; test: number };
  skipped: number;
  params: { backbone: number; trainable: number; head: number };
  epochs: EpochPoint[];
  bestEpoch?: number;
  bestValAcc?: number;
  test?: { loss: number; acc: number; confusion: ConfusionMatrix };
  timings: { totalSeconds: number; trainSeconds: number; featureSeconds?: number; secondsPerEpoch?: number };
  dataset?: { manifestSha256?: string; source?: string; seed?: number };
  versions: { engine: string; tfjs: string; node: string; onnxruntime?: string };
  seed: number;
  error?: { message: string; hint?: string };
}

export function encodeMetricsLine(p: EpochPoint): string {
  return [p.epoch, p.phase, p.loss, p.acc, p.valLoss, p.valAcc, p.seconds].join(',');
}

export function parseMetricsCsv(text: string): EpochPoint[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== METRICS_HEADER) return [];
  const points: EpochPoint[] = [];
  for (const line of lines.slice(1)) {
    const [epoch, phase, loss, acc, valLoss, valAcc, seconds] = line.split(',');
    const nums = [epoch, loss, acc, valLoss, valAcc, seconds].map(Number);
    if (nums.some((n) => !Number.isFinite(n)) || (phase !== 'train' && phase !== 'finetune')) continue;
    points.push({ epoch: nums[0], phase, loss: nums[1], acc: nums[2], valLoss: nums[3], valAcc: nums[4], seconds: nums[5] });
  }
  return points;
}
