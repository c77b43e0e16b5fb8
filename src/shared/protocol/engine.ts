/**
 * The host <-> engine protocol. The engine is a child process (forked with an IPC channel, or run by
 * the CLI, which consumes the same events in-process). Every message is validated on receipt with
 * `parseHostMessage` / `parseEngineMessage`; unknown or malformed ones are dropped by the receiver.
 */
import type { ExperimentConfig } from '../config/types';

export const ENGINE_PROTOCOL_VERSION = 1;

export const BACKENDS = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | 'auto';

export type RunStatus = 'completed' | 'cancelled' | 'failed';

export interface ConfusionMatrix {
  /** Rows: true class, columns: predicted class, both in the order [cats, dogs]. */
  labels: ['cats', 'dogs'];
  matrix: [[number, number], [number, number]];
}

export interface TrainJob {
  kind: 'train';
  /** Absolute path of the config file (relative paths inside it resolve against its folder). */
  configPath: string;
  config: ExperimentConfig;
  /** Absolute dataset folder (overrides config.data when given). */
  dataDir?: string;
  /** Folder holding runs/ (the run folders) and results.csv. */
  experimentsDir: string;
  /** Paths in results.csv are relative to this folder (default: the parent of experimentsDir). */
  workspaceDir?: string;
  /** Per-user cache (weights, features). */
  cacheDir?: string;
  backend?: BackendChoice;
  /** A name for the run folder; generated from the date and config name when absent. */
  runId?: string;
}

export interface PrepareJob {
  kind: 'prepare';
  /** A zip, a folder, or a URL (http/https). */
  source: string;
  out: string;
  split: [number, number, number];
  seed: number;
  /** Replace an existing dataset made with other settings. */
  replace?: boolean;
  /** Copy instead of hard-linking. */
  copy?: boolean;
  /** Expected sha256 of a downloaded archive. */
  sha256?: string;
  cacheDir?: string;
}

export interface EvaluateJob {
  kind: 'evaluate';
  runDir: string;
  dataDir: string;
  backend?: BackendChoice;
  cacheDir?: string;
}

export interface PredictJob {
  kind: 'predict';
  runDir: string;
  images: string[];
  backend?: BackendChoice;
  cacheDir?: string;
}

/** The per-user cache: report what it holds, or clear the feature cache (one backbone's, or all). */
export interface CacheJob {
  kind: 'cache';
  action: 'info' | 'clear';
  /** clear: the feature-cache key of one backbone configuration; absent: every backbone's features. */
  key?: string;
  cacheDir?: string;
}

export type EngineJob = TrainJob | PrepareJob | EvaluateJob | PredictJob | CacheJob;

/** One backbone configuration's cached features. */
export interface CachedFeatures {
  key: string;
  /** "VGG16 150x150, caffe -> 4x4x512" */
  label: string;
  /** Where the weights came from: a file name, "imagenet" file hash, or "random". */
  weights: string;
  bytes: number;
  photos: number;
  /** Shards that fail their checks (recomputed the next time this backbone runs). */
  damagedShards: number;
  /** When a feature was last written (ISO date), if any. */
  lastWritten?: string;
}

/** What the per-user cache folder holds. */
export interface CacheReport {
  dir: string;
  bytes: number;
  /** Its folders: features, weights (downloaded .h5), onnx (exported backbones), others. */
  parts: Array<{ name: string; dir: string; bytes: number }>;
  features: CachedFeatures[];
}

/** Host -> engine. */
export type HostToEngine =
  | { type: 'start'; protocolVersion: number; job: EngineJob }
  | { type: 'cancel' }
  | { type: 'shutdown' };

export interface BackendReport {
  name: BackendName;
  /** Why it was chosen ("fastest available", "forced by setting"). */
  reason: string;
  /** Every backend tried before it and why it was not used. */
  rejected: Array<{ name: BackendName; why: string }>;
  /** GPU adapter or CPU description. */
  device: string;
}

export type ProgressPhase = 'download' | 'load' | 'cache' | 'train' | 'finetune' | 'validate' | 'evaluate' | 'save' | 'prepare' | 'predict';

export interface PhotoProblem {
  file: string;
  reason: string;
}

/** Engine -> host. */
export type EngineToHost =
  | { type: 'ready'; protocolVersion: number; engineVersion: string; pid: number }
  | {
      type: 'started';
      job: EngineJob['kind'];
      runId?: string;
      runDir?: string;
      backend: BackendReport;
      backbone?: { architecture: string; params: number; trainableParams: number; headParams: number; featureShape: number[] };
      images?: { train: number; validation: number; test: number };
      /** Whether the frozen backbone's features come from the feature cache. */
      featureCache?: { used: boolean; hits: number; misses: number; dir: string };
    }
  | {
      type: 'progress';
      phase: ProgressPhase;
      done: number;
      total: number;
      unit: 'bytes' | 'photos' | 'batches';
      /** Units per second over the recent window. */
      rate?: number;
      etaSeconds?: number;
      epoch?: number;
      message?: string;
    }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      phase: 'train' | 'finetune';
      loss: number;
      acc: number;
      valLoss: number;
      valAcc: number;
      seconds: number;
    }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'skipped'; photos: PhotoProblem[] }
  | {
      type: 'prepared';
      out: string;
      counts: Record<'train' | 'validation' | 'test', { cats: number; dogs: number }>;
      rejected: PhotoProblem[];
      unchanged: boolean;
      seconds: number;
      /** Files that are no cat or dog photo by name or folder (not errors). */
      ignored?: number;
      /** Photos checked per second (0 when unchanged). */
      photosPerSecond?: number;
      /** Absolute path of the dataset's dataset.json. */
      manifest?: string;
    }
  | { type: 'cache'; report: CacheReport; freedBytes?: number }
  | { type: 'predictions'; predictions: Array<{ image: string; label: 'cat' | 'dog'; probability: number } | { image: string; error: string }> }
  | {
      type: 'finished';
      status: RunStatus;
      runId?: string;
      runDir?: string;
      test?: { loss: number; acc: number; confusion: ConfusionMatrix };
      bestEpoch?: number;
      epochsRun?: number;
      totalSeconds: number;
      message?: string;
    }
  | { type: 'error'; message: string; hint?: string; code: EngineErrorCode; path?: string };

export type EngineErrorCode =
  | 'config'
  | 'dataset'
  /** The target folder holds a dataset made with other settings; run again with `replace`. */
  | 'dataset-exists'
  | 'weights'
  | 'download'
  | 'backend'
  | 'out-of-memory'
  | 'io'
  | 'protocol'
  | 'cancelled'
  | 'internal';

/** What to do about running out of memory: said by the engine and by the host, whichever sees it. */
export const OUT_OF_MEMORY_HINT =
  'Use a smaller training.batchSize or backbone.inputSize (with head.pooling "flatten", try "gap": the first Dense layer shrinks a lot), or close other programs. Nothing was retried.';

const ENGINE_MESSAGE_TYPES = new Set<EngineToHost['type']>(['ready', 'started', 'progress', 'epoch', 'log', 'skipped', 'prepared', 'cache', 'predictions', 'finished', 'error']);
const HOST_MESSAGE_TYPES = new Set<HostToEngine['type']>(['start', 'cancel', 'shutdown']);
const JOB_KINDS = new Set<EngineJob['kind']>(['train', 'prepare', 'evaluate', 'predict', 'cache']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

/** Returns the message if it is a well-formed engine message, else undefined. */
export function parseEngineMessage(value: unknown): EngineToHost | undefined {
  if (!isRecord(value) || typeof value.type !== 'string' || !ENGINE_MESSAGE_TYPES.has(value.type as EngineToHost['type'])) return undefined;
  switch (value.type) {
    case 'ready':
      return isNum(value.protocolVersion) && typeof value.engineVersion === 'string' ? (value as EngineToHost) : undefined;
    case 'progress':
      return typeof value.phase === 'string' && isNum(value.done) && isNum(value.total) ? (value as EngineToHost) : undefined;
    case 'epoch':
      return isNum(value.epoch) && isNum(value.epochs) && typeof value.loss === 'number' && typeof value.acc === 'number' ? (value as EngineToHost) : undefined;
    case 'finished':
      return value.status === 'completed' || value.status === 'cancelled' || value.status === 'failed' ? (value as EngineToHost) : undefined;
    case 'error':
      return typeof value.message === 'string' && typeof value.code === 'string' ? (value as EngineToHost) : undefined;
    case 'log':
      return typeof value.message === 'string' ? (value as EngineToHost) : undefined;
    case 'started':
      return isRecord(value.backend) && typeof value.backend.name === 'string' ? (value as EngineToHost) : undefined;
    case 'skipped':
      return Array.isArray(value.photos) ? (value as EngineToHost) : undefined;
    case 'prepared':
      return isRecord(value.counts) && typeof value.out === 'string' ? (value as EngineToHost) : undefined;
    case 'predictions':
      return Array.isArray(value.predictions) ? (value as EngineToHost) : undefined;
    case 'cache':
      return isRecord(value.report) && typeof value.report.dir === 'string' && Array.isArray(value.report.features) && Array.isArray(value.report.parts) ? (value as EngineToHost) : undefined;
  }
  return undefined;
}

/** Returns the message if it is a well-formed host message, else undefined. */
export function parseHostMessage(value: unknown): HostToEngine | undefined {
  if (!isRecord(value) || typeof value.type !== 'string' || !HOST_MESSAGE_TYPES.has(value.type as HostToEngine['type'])) return undefined;
  if (value.type === 'start') {
    if (!isNum(value.protocolVersion) || !isRecord(value.job) || !JOB_KINDS.has(value.job.kind as EngineJob['kind'])) return undefined;
  }
  return value as HostToEngine;
}
