/** Keras-style early stopping and best-epoch tracking, as a pure state machine. */
import type { EarlyStopping, ExperimentConfig } from '../../shared/config/types';
import type { EpochPoint } from '../../shared/protocol/webview';

export interface EpochScores {
  valLoss: number;
  valAcc: number;
}

export class BestEpochTracker {
  private bestValue = Infinity;
  private sinceBest = 0;
  bestEpoch: number | undefined;

  constructor(private readonly rule: EarlyStopping | undefined) {}

  private score(s: EpochScores): number {
    const monitor = this.rule?.monitor ?? 'val_loss';
    return monitor === 'val_acc' ? -s.valAcc : s.valLoss;
  }

  /** Records an epoch (1-based); returns whether it is the best so far. */
  record(epoch: number, scores: EpochScores): boolean {
    const value = this.score(scores);
    if (Number.isFinite(value) && value < this.bestValue) {
      this.bestValue = value;
      this.bestEpoch = epoch;
      this.sinceBest = 0;
      return true;
    }
    this.sinceBest++;
    return false;
  }

  /** True when training should stop now (only with an early-stopping rule). */
  shouldStop(): boolean {
    return this.rule !== undefined && this.sinceBest >= this.rule.patience;
  }

  get restoreBest(): boolean {
    return this.rule?.restoreBest ?? false;
  }
}

/**
 * The run's best epoch as its summary reports it. With restoreBest, the one whose weights were kept:
 * the best of the last phase (fine-tuning starts again from the head's best epoch, and its own best
 * is what is saved). Without it, the best of all epochs, ties to the earliest, as the tracker does.
 */
export function reportedBestEpoch(epochs: readonly EpochPoint[], config: Pick<ExperimentConfig, 'training' | 'fineTune'>): EpochPoint | undefined {
  const rule = config.training.earlyStopping;
  const lastPhase = config.fineTune ? 'finetune' : 'train';
  const kept = rule?.restoreBest ? epochs.filter((e) => e.phase === lastPhase) : epochs;
  const pool = kept.length ? kept : epochs;
  const tracker = new BestEpochTracker(rule);
  let best: EpochPoint | undefined;
  for (const e of pool) if (tracker.record(e.epoch, e)) best = e;
  return best;
}
