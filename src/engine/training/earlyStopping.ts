/** Keras-style early stopping and best-epoch tracking, as a pure state machine. */
import type { EarlyStopping } from '../../shared/config/types';

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
