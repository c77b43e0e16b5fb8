/**
 * "Has overfitting begun?" The rule the lab applies to its curves: the epoch with the lowest
 * validation loss is the best one; when validation loss has stayed above that minimum for at least
 * `patience` epochs after it while training loss kept falling, overfitting began at the epoch right
 * after the best one.
 */
import type { EpochPoint } from '../protocol/webview';

export interface OverfittingReport {
  /** Epoch with the lowest validation loss (the earliest on a tie); undefined without epochs. */
  bestEpoch?: number;
  /** Epoch at which overfitting began (bestEpoch + 1), when the rule holds. */
  began?: number;
  /** Epochs after the best one whose validation loss is above the minimum. */
  epochsSinceBest: number;
}

export interface OverfittingOptions {
  /** Epochs of higher validation loss needed before calling it (default 2). */
  patience?: number;
  /** How much above the minimum validation loss must be to count as higher (default 0). */
  minDelta?: number;
}

export function detectOverfitting(points: readonly EpochPoint[], options: OverfittingOptions = {}): OverfittingReport {
  const patience = Math.max(1, options.patience ?? 2);
  const minDelta = options.minDelta ?? 0;
  const epochs = points.filter((p) => Number.isFinite(p.valLoss) && Number.isFinite(p.loss)).sort((a, b) => a.epoch - b.epoch);
  if (epochs.length === 0) return { epochsSinceBest: 0 };
  let best = 0;
  for (let i = 1; i < epochs.length; i++) if (epochs[i].valLoss < epochs[best].valLoss) best = i;
  const after = epochs.slice(best + 1);
  const minValLoss = epochs[best].valLoss;
  const risen = after.filter((p) => p.valLoss > minValLoss + minDelta).length;
  const report: OverfittingReport = { bestEpoch: epochs[best].epoch, epochsSinceBest: risen };
  if (risen < patience || risen !== after.length) return report;
  // Training loss "kept falling": every later epoch trains below the best epoch's training loss
  // (noise between those epochs is tolerated; a training loss that climbs back is not overfitting).
  const bestTrainLoss = epochs[best].loss;
  if (after.every((p) => p.loss < bestTrainLoss)) report.began = after[0].epoch;
  return report;
}
