/** The comparison's chart data: run labels and one metric's curves overlaid on a shared epoch axis. */
import type { RunCurves } from '../../src/shared/protocol/webview';
import type { ResultRow } from '../../src/shared/results/row';
import { t } from '../common/i18n';
import type { LineChartSpec } from '../common/lineChart';

/** Display names for runs, made unique with the run id when two runs share a name. */
export function runLabels(runIds: readonly string[], rows: readonly ResultRow[]): Map<string, string> {
  const names = new Map(runIds.map((id) => [id, rows.find((r) => r.runId === id)?.name ?? id]));
  const counts = new Map<string, number>();
  for (const n of names.values()) counts.set(n, (counts.get(n) ?? 0) + 1);
  return new Map([...names].map(([id, n]) => [id, (counts.get(n) ?? 0) > 1 ? `${n} (${id})` : n]));
}

/** Overlay of one metric: x is the union of all runs' epochs, each run a series (null where it has no epoch). */
export function overlaySpec(curves: readonly RunCurves[], labels: Map<string, string>, metric: 'valAcc' | 'valLoss'): LineChartSpec {
  const x = [...new Set(curves.flatMap((c) => c.epochs.map((e) => e.epoch)))].sort((a, b) => a - b);
  return {
    x,
    xLabel: t('chart.epoch'),
    yLabel: metric === 'valAcc' ? 'val_acc' : 'val_loss',
    percent: metric === 'valAcc',
    liveLegend: false,
    series: curves.map((c, i) => {
      const byEpoch = new Map(c.epochs.map((e) => [e.epoch, e[metric]]));
      return { label: labels.get(c.runId) ?? c.runId, values: x.map((e) => byEpoch.get(e) ?? null), color: i };
    }),
  };
}

