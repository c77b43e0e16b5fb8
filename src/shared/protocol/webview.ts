/**
 * The host <-> webview protocols, one per view. A webview sends `ready` when its script starts (also
 * after being hidden and shown again, or a window reload); the host answers with the full state.
 * The host validates every webview message with the parse functions below before acting on it.
 */
import type { BackendReport, ConfusionMatrix, RunStatus } from './engine';
import type { ResultRow } from '../results/row';

export const WEBVIEW_PROTOCOL_VERSION = 1;

export interface EpochPoint {
  epoch: number;
  phase: 'train' | 'finetune';
  loss: number;
  acc: number;
  valLoss: number;
  valAcc: number;
  seconds: number;
}

/** Everything the training view shows; the host owns it and re-sends it whole. */
export interface TrainingViewState {
  phase: 'idle' | 'starting' | 'running' | 'cancelling' | 'finished';
  runId?: string;
  runName?: string;
  runDir?: string;
  configPath?: string;
  /** ISO 8601 time the run was started (from the host's clock). */
  startedAt?: string;
  /** Photos per batch, to turn batches/s into images/s. */
  batchSize?: number;
  backend?: BackendReport;
  backbone?: { architecture: string; params: number; trainableParams: number; headParams: number };
  images?: { train: number; validation: number; test: number };
  epochsPlanned?: number;
  epochs: EpochPoint[];
  progress?: { phase: string; done: number; total: number; unit: string; rate?: number; etaSeconds?: number; message?: string; epoch?: number };
  status?: RunStatus;
  test?: { loss: number; acc: number; confusion: ConfusionMatrix };
  totalSeconds?: number;
  bestEpoch?: number;
  error?: { message: string; hint?: string };
  log: string[];
}

/** A misclassified test photo, for the gallery under the confusion matrix. */
export interface GalleryPhoto {
  /** Absolute path (what the view sends back to open it). */
  file: string;
  name: string;
  /** webview URI of the photo; absent when it lies outside the dataset folder (then it is not shown). */
  src?: string;
  label: 'cat' | 'dog';
  predicted: 'cat' | 'dog';
  /** The probability of the wrong answer, 0.5 to 1. */
  confidence: number;
}

/** A run's misclassified test photos, worst first (sent apart from the state: its URIs belong to one webview). */
export interface MisclassifiedGallery {
  runDir: string;
  /** Test photos in predictions.csv. */
  tested: number;
  /** Misclassified photos in all (photos holds the worst of them). */
  total: number;
  photos: GalleryPhoto[];
  /** Why there is no gallery (predictions.csv missing or unreadable). */
  problem?: string;
}

export type TrainingHostToView =
  | { type: 'state'; protocolVersion: number; state: TrainingViewState; locale: string }
  | { type: 'gallery'; gallery: MisclassifiedGallery };

export type TrainingViewToHost =
  | { type: 'ready'; protocolVersion: number }
  | { type: 'cancel' }
  | { type: 'openRunFolder' }
  | { type: 'compareWithBest' }
  | { type: 'createVariant' }
  /** Open a photo of the gallery (the host checks it lies in the dataset folder). */
  | { type: 'openPhoto'; file: string };

export interface RunCurves {
  runId: string;
  epochs: EpochPoint[];
}

export interface ExperimentsViewState {
  rows: ResultRow[];
  /** Problems found in results.csv (it is then shown read-only). */
  tableProblems: Array<{ line: number; message: string }>;
  /** The run in progress, if any. */
  activeRunId?: string;
  /** Runs selected for comparison, with their curves and config differences. */
  compare?: {
    runIds: string[];
    curves: RunCurves[];
    /** One entry per config field whose values differ between the selected runs. */
    diff: Array<{ path: string; values: Record<string, string> }>;
  };
  datasetReady: boolean;
  trusted: boolean;
}

export type ExperimentsHostToView =
  | { type: 'state'; protocolVersion: number; state: ExperimentsViewState; locale: string };

export type RunAction = 'openConfig' | 'rerun' | 'openFolder' | 'delete' | 'showRun';

export type ExperimentsViewToHost =
  | { type: 'ready'; protocolVersion: number }
  | { type: 'runAction'; action: RunAction; runId: string }
  /** Runs to compare (2 to MAX_COMPARED); an empty list ends the comparison. */
  | { type: 'compare'; runIds: string[] }
  | { type: 'command'; command: 'prepareDataset' | 'train' | 'openConfig' }
  /** Open results.csv in the editor (to fix the problems the view reports). */
  | { type: 'openResultsTable' };

export const MAX_COMPARED = 12;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const RUN_ID = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,199}$/u;

/** Names Windows gives to devices (CON, NUL, COM1...), with or without an extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * A run id is a folder name (letters of any script, digits, . _ -): never a path separator or "..",
 * never a Windows device name, never ending in "." (Windows would drop it and name another folder).
 */
export function isSafeRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID.test(value) && !value.includes('..') && !value.endsWith('.') && !WINDOWS_DEVICE.test(value);
}

export function parseTrainingViewMessage(value: unknown): TrainingViewToHost | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return typeof value.protocolVersion === 'number' ? { type: 'ready', protocolVersion: value.protocolVersion } : undefined;
    case 'cancel':
    case 'openRunFolder':
    case 'compareWithBest':
    case 'createVariant':
      return { type: value.type };
    case 'openPhoto':
      return typeof value.file === 'string' && value.file.length > 0 && value.file.length < 4096 && !value.file.includes('\0') ? { type: 'openPhoto', file: value.file } : undefined;
  }
  return undefined;
}

const RUN_ACTIONS = new Set<RunAction>(['openConfig', 'rerun', 'openFolder', 'delete', 'showRun']);
const VIEW_COMMANDS = new Set(['prepareDataset', 'train', 'openConfig']);

export function parseExperimentsViewMessage(value: unknown): ExperimentsViewToHost | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return typeof value.protocolVersion === 'number' ? { type: 'ready', protocolVersion: value.protocolVersion } : undefined;
    case 'runAction':
      return RUN_ACTIONS.has(value.action as RunAction) && isSafeRunId(value.runId)
        ? { type: 'runAction', action: value.action as RunAction, runId: value.runId }
        : undefined;
    case 'compare':
      return Array.isArray(value.runIds) &&
        value.runIds.length <= MAX_COMPARED &&
        value.runIds.every(isSafeRunId) &&
        new Set(value.runIds).size === value.runIds.length
        ? { type: 'compare', runIds: [...(value.runIds as string[])] }
        : undefined;
    case 'command':
      return VIEW_COMMANDS.has(value.command as string) ? { type: 'command', command: value.command as 'prepareDataset' | 'train' | 'openConfig' } : undefined;
    case 'openResultsTable':
      return { type: 'openResultsTable' };
  }
  return undefined;
}
