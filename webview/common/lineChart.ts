/**
 * A line chart on uPlot, themed from VS Code's chart colours. uPlot draws on a canvas and sets
 * element styles through the CSSOM only, so it needs no 'unsafe-inline' or 'unsafe-eval'.
 */
import uPlot from 'uplot';
import { chartColors } from './theme';

export interface LineSeries {
  label: string;
  values: Array<number | null>;
  /** Index into the theme's chart colours. */
  color: number;
  dash?: boolean;
}

export interface Marker {
  x: number;
  label: string;
  color: 'good' | 'bad' | 'neutral';
}

export interface LineChartSpec {
  x: number[];
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  markers?: Marker[];
  /** A shaded stretch of x (e.g. the overfitting epochs), from..to inclusive. */
  shade?: { from: number; to: number };
  /** Show y values as percentages of 1. */
  percent?: boolean;
  /** Show the values under the cursor in the legend (default true; off in narrow views). */
  liveLegend?: boolean;
  /** A fixed x range (e.g. every planned epoch while a run goes) instead of the data's. */
  xRange?: [number, number];
}

const HEIGHT = 220;

function showLastInLegend(u: uPlot): void {
  const last = u.data[0].length - 1;
  if (last >= 0 && u.cursor.idx == null) u.setLegend({ idx: last }, false);
}

export class LineChart {
  private plot?: uPlot;
  private key = '';
  private spec?: LineChartSpec;
  private readonly resize = new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: HEIGHT }));

  constructor(private readonly container: HTMLElement) {
    this.resize.observe(container);
  }

  private width(): number {
    return Math.max(200, Math.floor(this.container.clientWidth || 400));
  }

  render(spec: LineChartSpec): void {
    this.spec = spec;
    const data = [spec.x, ...spec.series.map((s) => s.values)] as uPlot.AlignedData;
    const key = JSON.stringify([spec.xLabel, spec.yLabel, spec.percent, !!spec.xRange, spec.series.map((s) => [s.label, s.color, s.dash])]);
    if (this.plot && key === this.key) {
      this.plot.setData(data);
      return;
    }
    this.key = key;
    this.plot?.destroy();
    this.plot = new uPlot(this.options(spec), data, this.container);
  }

  /** Rebuilds with the current theme's colours. */
  retheme(): void {
    this.key = '';
    if (this.spec) this.render(this.spec);
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  private options(spec: LineChartSpec): uPlot.Options {
    const c = chartColors();
    const markerColor = (m: Marker) => (m.color === 'good' ? c.good : m.color === 'bad' ? c.bad : c.foreground);
    const axis = (label: string, values?: uPlot.Axis['values']): uPlot.Axis => ({
      label,
      stroke: c.foreground,
      grid: { stroke: c.lines, width: 1 },
      ticks: { stroke: c.lines, width: 1 },
      font: `11px ${c.font.replace(/^\S+\s+/, '')}`,
      labelFont: `12px ${c.font.replace(/^\S+\s+/, '')}`,
      labelSize: 18,
      labelGap: 0,
      ...(values ? { values } : {}),
    });
    const fmtY = (v: number | null) => (v == null ? '—' : spec.percent ? `${(v * 100).toFixed(2)}%` : v.toFixed(4));
    return {
      width: this.width(),
      height: HEIGHT,
      scales: { x: { time: false, ...(spec.xRange ? { range: (_u, min, max) => this.spec?.xRange ?? [min, max] } : {}) }, y: spec.percent ? { range: (_u, min, max) => [Math.max(0, Math.min(min, 1) - 0.02), Math.min(1, max + 0.02)] } : {} },
      axes: [
        { ...axis(spec.xLabel, (_u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : ''))), incrs: [1, 2, 5, 10, 20, 50, 100], size: 30 },
        axis(spec.yLabel, (_u, vals) => vals.map((v) => (spec.percent ? `${Math.round(v * 1000) / 10}%` : String(Number(v.toPrecision(3)))))),
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: spec.liveLegend ?? true },
      series: [
        { label: spec.xLabel, value: (_u, v) => (v == null ? '—' : String(v)) },
        ...spec.series.map<uPlot.Series>((s) => ({
          label: s.label,
          stroke: c.series[s.color % c.series.length],
          width: 2,
          dash: s.dash ? [6, 4] : undefined,
          spanGaps: true,
          points: { show: true, size: 5 },
          value: (_u, v) => fmtY(v),
        })),
      ],
      hooks: {
        // Away from the cursor the legend shows the last epoch's numbers rather than a row of dashes.
        ready: [showLastInLegend],
        setData: [showLastInLegend],
        setCursor: [(u) => (u.cursor.idx == null ? showLastInLegend(u) : undefined)],
        drawClear: [
          (u) => {
            const shade = this.spec?.shade;
            if (!shade) return;
            const x0 = u.valToPos(shade.from - 0.5, 'x', true);
            const x1 = u.valToPos(shade.to + 0.5, 'x', true);
            const left = Math.max(u.bbox.left, x0);
            const right = Math.min(u.bbox.left + u.bbox.width, x1);
            if (right <= left) return;
            u.ctx.save();
            u.ctx.globalAlpha = 0.12;
            u.ctx.fillStyle = c.bad;
            u.ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
            u.ctx.restore();
          },
        ],
        draw: [
          (u) => {
            const dpr = window.devicePixelRatio || 1;
            for (const [i, m] of (this.spec?.markers ?? []).entries()) {
              const x = u.valToPos(m.x, 'x', true);
              if (!Number.isFinite(x) || x < u.bbox.left - 1 || x > u.bbox.left + u.bbox.width + 1) continue;
              const ctx = u.ctx;
              ctx.save();
              ctx.strokeStyle = markerColor(m);
              ctx.fillStyle = markerColor(m);
              ctx.lineWidth = dpr;
              ctx.setLineDash([4 * dpr, 3 * dpr]);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.font = `${11 * dpr}px ${c.font.replace(/^\S+\s+/, '')}`;
              const textWidth = ctx.measureText(m.label).width;
              const right = x + 4 * dpr + textWidth > u.bbox.left + u.bbox.width;
              const textX = right ? x - 4 * dpr : x + 4 * dpr;
              const baseline = u.bbox.top + (12 + 14 * i) * dpr;
              // A backing box in the page colour keeps the label readable over lines and grid.
              ctx.save();
              ctx.setLineDash([]);
              ctx.globalAlpha = 0.85;
              ctx.fillStyle = c.background;
              ctx.fillRect(right ? textX - textWidth - 2 * dpr : textX - 2 * dpr, baseline - 10 * dpr, textWidth + 4 * dpr, 13 * dpr);
              ctx.restore();
              ctx.textAlign = right ? 'right' : 'left';
              ctx.fillText(m.label, textX, baseline);
              ctx.restore();
            }
          },
        ],
      },
    };
  }
}
