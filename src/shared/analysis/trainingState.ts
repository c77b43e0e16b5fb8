/**
 * The training view's state as a pure reducer over engine events: the host folds every event in,
 * keeps the result, and re-sends it whole whenever a view (re)opens.
 */
import type { ExperimentConfig } from '../config/types';
import type { EngineToHost } from '../protocol/engine';
import type { EpochPoint, TrainingViewState } from '../protocol/webview';
import type { RunSummary } from '../results/runFolder';

/** How many log lines the state keeps (the Output channel has them all). */
export const LOG_LIMIT = 200;

export interface TrainingRunInfo {
  runId?: string;
  runName?: string;
  configPath?: string;
  config?: ExperimentConfig;
  /** ISO 8601 start time. */
  startedAt?: string;
}

export function idleTrainingState(): TrainingViewState {
  return { phase: 'idle', epochs: [], log: [] };
}

/** The state of a run that is about to start. */
export function startingTrainingState(info: TrainingRunInfo): TrainingViewState {
  const state: TrainingViewState = { phase: 'starting', epochs: [], log: [] };
  const name = info.runName ?? info.config?.name;
  if (info.runId !== undefined) state.runId = info.runId;
  if (name !== undefined) state.runName = name;
  if (info.configPath !== undefined) state.configPath = info.configPath;
  if (info.startedAt !== undefined) state.startedAt = info.startedAt;
  if (info.config) {
    state.epochsPlanned = info.config.training.epochs + (info.config.fineTune?.epochs ?? 0);
    state.batchSize = info.config.training.batchSize;
  }
  return state;
}

function appendLog(log: readonly string[], ...lines: string[]): string[] {
  const next = [...log, ...lines];
  return next.length > LOG_LIMIT ? next.slice(next.length - LOG_LIMIT) : next;
}

function upsertEpoch(epochs: readonly EpochPoint[], point: EpochPoint): EpochPoint[] {
  const next = epochs.filter((e) => e.epoch !== point.epoch);
  next.push(point);
  return next.sort((a, b) => a.epoch - b.epoch);
}

const isActive = (s: TrainingViewState) => s.phase === 'starting' || s.phase === 'running' || s.phase === 'cancelling';

/** The next state after one engine event; the input is never mutated. */
export function reduceTrainingState(state: TrainingViewState, event: EngineToHost): TrainingViewState {
  switch (event.type) {
    case 'started': {
      if (event.job !== 'train') return state;
      const next: TrainingViewState = { ...state, phase: state.phase === 'cancelling' ? 'cancelling' : 'running', backend: event.backend };
      if (event.runId !== undefined) next.runId = event.runId;
      if (event.runDir !== undefined) next.runDir = event.runDir;
      if (event.images) next.images = { ...event.images };
      if (event.backbone) {
        const { architecture, params, trainableParams, headParams } = event.backbone;
        next.backbone = { architecture, params, trainableParams, headParams };
      }
      return next;
    }
    case 'progress': {
      if (!isActive(state)) return state;
      const progress: NonNullable<TrainingViewState['progress']> = { phase: event.phase, done: event.done, total: event.total, unit: event.unit };
      if (event.rate !== undefined) progress.rate = event.rate;
      if (event.etaSeconds !== undefined) progress.etaSeconds = event.etaSeconds;
      if (event.message !== undefined) progress.message = event.message;
      if (event.epoch !== undefined) progress.epoch = event.epoch;
      return { ...state, phase: state.phase === 'starting' ? 'running' : state.phase, progress };
    }
    case 'epoch': {
      const point: EpochPoint = {
        epoch: event.epoch,
        phase: event.phase,
        loss: event.loss,
        acc: event.acc,
        valLoss: event.valLoss,
        valAcc: event.valAcc,
        seconds: event.seconds,
      };
      return {
        ...state,
        phase: state.phase === 'starting' ? 'running' : state.phase,
        epochs: upsertEpoch(state.epochs, point),
        epochsPlanned: Math.max(state.epochsPlanned ?? 0, event.epochs, event.epoch),
      };
    }
    case 'log':
      return { ...state, log: appendLog(state.log, event.level === 'info' ? event.message : `${event.level.toUpperCase()}: ${event.message}`) };
    case 'skipped':
      return event.photos.length === 0 ? state : { ...state, log: appendLog(state.log, ...event.photos.map((p) => `WARN: skipped ${p.file}: ${p.reason}`)) };
    case 'error': {
      const error: NonNullable<TrainingViewState['error']> = { message: event.message };
      if (event.hint !== undefined) error.hint = event.hint;
      return { ...state, error, log: appendLog(state.log, `ERROR: ${event.message}`) };
    }
    case 'finished': {
      const next: TrainingViewState = { ...state, phase: 'finished', status: event.status, totalSeconds: event.totalSeconds };
      delete next.progress;
      if (event.runId !== undefined) next.runId = event.runId;
      if (event.runDir !== undefined) next.runDir = event.runDir;
      if (event.test) next.test = event.test;
      if (event.bestEpoch !== undefined) next.bestEpoch = event.bestEpoch;
      if (event.status === 'failed' && !next.error) next.error = { message: event.message ?? 'The run failed.' };
      return next;
    }
    case 'ready':
    case 'prepared':
    case 'predictions':
    case 'cache':
      return state;
  }
}

/** The state once the user has asked to cancel (the engine confirms with `finished`). */
export function cancellingTrainingState(state: TrainingViewState): TrainingViewState {
  return isActive(state) ? { ...state, phase: 'cancelling' } : state;
}

export function isTrainingActive(state: TrainingViewState): boolean {
  return isActive(state);
}

/** The view of a past run, rebuilt from its folder's summary.json (and metrics.csv when richer). */
export function trainingStateFromSummary(summary: RunSummary, runDir: string, epochs: readonly EpochPoint[] = summary.epochs): TrainingViewState {
  const state: TrainingViewState = {
    phase: 'finished',
    runId: summary.runId,
    runName: summary.name,
    runDir,
    configPath: summary.configPath,
    startedAt: summary.startedAt,
    batchSize: summary.config.training.batchSize,
    backend: summary.backend,
    backbone: { architecture: summary.config.backbone.architecture, params: summary.params.backbone, trainableParams: summary.params.trainable, headParams: summary.params.head },
    images: summary.images,
    epochsPlanned: summary.config.training.epochs + (summary.config.fineTune?.epochs ?? 0),
    epochs: [...(epochs.length >= summary.epochs.length ? epochs : summary.epochs)],
    status: summary.status === 'running' ? 'failed' : summary.status,
    totalSeconds: summary.timings.totalSeconds,
    log: [],
  };
  if (summary.test) state.test = summary.test;
  if (summary.bestEpoch !== undefined) state.bestEpoch = summary.bestEpoch;
  if (summary.error) state.error = summary.error;
  return state;
}
