/** What the parts of a training run share: the config, the loaded backbone, the splits, and where events go. */
import type { ExperimentConfig } from '../../shared/config/types';
import type { EngineToHost } from '../../shared/protocol/engine';
import type { EpochPoint } from '../../shared/protocol/webview';
import type { Backbone } from '../backbones';
import type { ProgressThrottle } from './progressThrottle';
import type { RunRecorder } from './runRecorder';
import type { SplitFiles } from './splitFeatures';

export interface TrainContext {
  config: ExperimentConfig;
  backbone: Backbone;
  splits: Record<'train' | 'validation' | 'test', SplitFiles>;
  emit: (event: EngineToHost) => void;
  log: (message: string, level?: 'info' | 'warn') => void;
  signal: AbortSignal;
  recorder: RunRecorder;
  progress: ProgressThrottle;
  totalEpochs: number;
}

/** Records an epoch in the run folder and reports it. */
export function onEpoch(tc: TrainContext, p: EpochPoint): void {
  tc.recorder.epoch(p);
  tc.emit({ type: 'epoch', epoch: p.epoch, epochs: tc.totalEpochs, phase: p.phase, loss: p.loss, acc: p.acc, valLoss: p.valLoss, valAcc: p.valAcc, seconds: p.seconds });
}
