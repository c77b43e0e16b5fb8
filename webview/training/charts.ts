/** The training view's two charts (loss, accuracy) as LineChart specs, with best-epoch and overfitting marks. */
import type { OverfittingReport } from '../../src/shared/analysis/overfitting';
import type { EpochPoint } from '../../src/shared/protocol/webview';
import type { LineChartSpec, Marker } from '../common/lineChart';
import { t } from '../common/i18n';

export function epochMarkers(epochs: readonly EpochPoint[], bestEpoch: number | undefined, report: OverfittingReport): Marker[] {
  const markers: Marker[] = [];
  if (bestEpoch !== undefined) markers.push({ x: bestEpoch, label: t('chart.best', bestEpoch), color: 'good' });
  if (report.began !== undefined) markers.push({ x: report.began, label: t('chart.overfitting', report.began), color: 'bad' });
  const firstFineTune = epochs.find((e) => e.phase === 'finetune');
  if (firstFineTune && firstFineTune !== epochs[0]) markers.push({ x: firstFineTune.epoch, label: t('chart.fineTune'), color: 'neutral' });
  return markers;
}

/**
 * The epoch axis: while a run goes, every planned epoch (the curves grow from left to right); once it
 * has ended, the epochs it ran. A fifth of an epoch either side keeps the end points off the plot's
 * edges; a single epoch gets half an epoch either side instead of an epoch 0.
 */
export function epochRange(epochs: readonly EpochPoint[], planned: number | undefined, running: boolean): [number, number] | undefined {
  if (epochs.length === 0) return undefined;
  const first = epochs[0].epoch;
  const last = epochs[epochs.length - 1].epoch;
  const end = running && planned !== undefined && planned > last ? planned : last;
  return end > first ? [first - 0.2, end + 0.2] : [first - 0.5, end + 0.5];
}

export function lossSpec(epochs: readonly EpochPoint[], markers: Marker[], report: OverfittingReport, xRange?: [number, number]): LineChartSpec {
  const last = epochs[epochs.length - 1]?.epoch;
  return {
    ...(xRange ? { xRange } : {}),
    x: epochs.map((e) => e.epoch),
    xLabel: t('chart.epoch'),
    yLabel: t('chart.loss'),
    series: [
      { label: 'loss', values: epochs.map((e) => e.loss), color: 0 },
      { label: 'val_loss', values: epochs.map((e) => e.valLoss), color: 1, dash: true },
    ],
    markers,
    ...(report.began !== undefined && last !== undefined ? { shade: { from: report.began, to: last } } : {}),
  };
}

export function accuracySpec(epochs: readonly EpochPoint[], markers: Marker[], report: OverfittingReport, xRange?: [number, number]): LineChartSpec {
  const last = epochs[epochs.length - 1]?.epoch;
  return {
    ...(xRange ? { xRange } : {}),
    x: epochs.map((e) => e.epoch),
    xLabel: t('chart.epoch'),
    yLabel: t('chart.accuracy'),
    percent: true,
    series: [
      { label: 'acc', values: epochs.map((e) => e.acc), color: 0 },
      { label: 'val_acc', values: epochs.map((e) => e.valAcc), color: 1, dash: true },
    ],
    markers,
    ...(report.began !== undefined && last !== undefined ? { shade: { from: report.began, to: last } } : {}),
  };
}
