/**
 * The issue's targets, checked against a report (printed, never asserted: timings depend on the machine):
 * - cached head experiments at least 50x faster than recomputing the backbone every epoch;
 * - CPU extraction (the whole pipeline) at least 0.5 of onnxruntime-node's own rate;
 * - decoding never the bottleneck: photos decode at least as fast as the extractor consumes them;
 * - memory flat with dataset size: peak RSS grows by the features' RAM at most (plus noise), not at all from disk;
 * - every phase gives back the tensors it made.
 */
import { isRate, type BenchReport, type ExtractionRow, type MemoryProbe, type RateOrSkipped } from './types';

export const HEAD_RATIO_TARGET = 50;
export const PIPELINE_RATIO_TARGET = 0.5;
/**
 * RSS differences below this are noise, not growth with the data: identical probes on the same photos
 * measured up to ~40 MB apart here (allocator arenas of the decoding and onnxruntime threads, GC timing).
 */
export const RSS_NOISE_MB = 48;

export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined when it could not be measured. */
  pass: boolean | undefined;
}

/** The rate at which the extractor training would use consumes photos when nothing else runs. */
export function extractorRate(row: ExtractionRow, primaryBackend: string): { name: string; rate: RateOrSkipped } {
  if (row.chosenPipeline) return { name: row.chosenPipeline.extractor, rate: row.tfjs[primaryBackend] ?? { skipped: 'not measured' } };
  return { name: 'onnxruntime', rate: row.ortReference };
}

export function pipelineRatio(row: ExtractionRow): number | undefined {
  return isRate(row.ortPipeline) && isRate(row.ortReference) && row.ortReference.photosPerSecond > 0 ? row.ortPipeline.photosPerSecond / row.ortReference.photosPerSecond : undefined;
}

/** The fastest extractor rate among backbones of one input size (what decoding must keep up with). */
export function fastestAt(report: BenchReport, size: number): { backbone: string; name: string; photosPerSecond: number } | undefined {
  let best: { backbone: string; name: string; photosPerSecond: number } | undefined;
  for (const row of report.extraction) {
    if (row.inputSize !== size) continue;
    const { name, rate } = extractorRate(row, report.backend.measured[0]);
    if (isRate(rate) && (!best || rate.photosPerSecond > best.photosPerSecond)) best = { backbone: row.backbone, name, photosPerSecond: rate.photosPerSecond };
  }
  return best;
}

export interface MemoryGrowth {
  storage: 'memory' | 'disk';
  small: MemoryProbe;
  large: MemoryProbe;
  rssGrowthMb: number;
  featureGrowthMb: number;
  allowedMb: number;
  pass: boolean;
}

export function memoryGrowth(probes: MemoryProbe[]): MemoryGrowth[] {
  const out: MemoryGrowth[] = [];
  for (const storage of ['memory', 'disk'] as const) {
    const mine = probes.filter((p) => p.storage === storage).sort((a, b) => a.photos - b.photos);
    if (mine.length < 2) continue;
    const small = mine[0];
    const large = mine[mine.length - 1];
    const rssGrowthMb = large.peakRssMb - small.peakRssMb;
    const featureGrowthMb = large.featureMb - small.featureMb;
    const allowedMb = featureGrowthMb + RSS_NOISE_MB;
    out.push({ storage, small, large, rssGrowthMb, featureGrowthMb, allowedMb, pass: rssGrowthMb <= allowedMb });
  }
  return out;
}

const fmt = (x: number, digits = 2): string => x.toFixed(digits);

/** "+12", "-3", "+0" (never "-0"). */
export function signed(x: number): string {
  const r = Math.round(x);
  return `${r < 0 ? '-' : '+'}${Math.abs(r)}`;
}

export function checkTargets(report: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const head = report.head && 'ratio' in report.head ? report.head : undefined;
  checks.push({ target: `head experiment: cached >= ${HEAD_RATIO_TARGET}x faster than uncached`, measured: head ? `${fmt(head.ratio, 1)}x` : 'not measured', pass: head ? head.ratio >= HEAD_RATIO_TARGET : undefined });

  const ratios = report.extraction.map((row) => ({ row, ratio: pipelineRatio(row) })).filter((r): r is { row: ExtractionRow; ratio: number } => r.ratio !== undefined);
  const worst = ratios.sort((a, b) => a.ratio - b.ratio)[0];
  checks.push({
    target: `CPU extraction: pipeline >= ${PIPELINE_RATIO_TARGET} of onnxruntime's rate`,
    measured: worst ? `worst ${fmt(worst.ratio)} (${worst.row.backbone}); ${ratios.filter((r) => r.ratio < PIPELINE_RATIO_TARGET).length} of ${ratios.length} below` : 'not measured',
    pass: worst ? worst.ratio >= PIPELINE_RATIO_TARGET : undefined,
  });

  const decode = report.decode.map((d) => ({ d, need: fastestAt(report, d.size) }));
  const slow = decode.filter((x) => x.need && x.d.rate.photosPerSecond < x.need.photosPerSecond);
  const measuredDecode = decode.filter((x) => x.need);
  checks.push({
    target: 'decode never the bottleneck: decode >= the fastest extractor at its size',
    measured: measuredDecode.length
      ? slow.length
        ? slow.map((x) => `${x.d.size} px: ${fmt(x.d.rate.photosPerSecond, 0)} < ${fmt(x.need!.photosPerSecond, 0)} (${x.need!.backbone})`).join('; ')
        : measuredDecode.map((x) => `${x.d.size} px: ${fmt(x.d.rate.photosPerSecond, 0)} >= ${fmt(x.need!.photosPerSecond, 0)}`).join('; ')
      : 'not measured',
    pass: measuredDecode.length ? slow.length === 0 : undefined,
  });

  const growth = Array.isArray(report.memoryScaling) ? memoryGrowth(report.memoryScaling) : [];
  checks.push({
    target: `memory flat with dataset size (RSS growth <= features' growth + ${RSS_NOISE_MB} MB)`,
    measured: growth.length ? growth.map((g) => `${g.storage}: ${signed(g.rssGrowthMb)} MB (features ${signed(g.featureGrowthMb)} MB)`).join('; ') : 'not measured',
    pass: growth.length ? growth.every((g) => g.pass) : undefined,
  });

  const leaks = report.phases.filter((p) => p.tensorsAfter !== p.tensorsBefore).map((p) => `${p.phase} ${p.tensorsBefore} -> ${p.tensorsAfter}`);
  const probeLeaks = Array.isArray(report.memoryScaling) ? report.memoryScaling.filter((p) => p.tensorsAfter !== p.tensorsBefore).map((p) => `probe ${p.storage} ${p.photos}: ${p.tensorsBefore} -> ${p.tensorsAfter}`) : [];
  checks.push({
    target: 'tensor count back to its start after every phase',
    measured: leaks.length + probeLeaks.length ? [...leaks, ...probeLeaks].join('; ') : `${report.phases.length} phases${probeLeaks.length === 0 && Array.isArray(report.memoryScaling) ? ` and ${report.memoryScaling.length} probes` : ''}, no change`,
    pass: report.phases.length ? leaks.length + probeLeaks.length === 0 : undefined,
  });
  return checks;
}
