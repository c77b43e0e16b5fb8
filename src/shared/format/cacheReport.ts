/** The per-user cache as text: what `cats-dogs cache` prints and the Output channel shows. */
import type { CacheReport } from '../protocol/engine';

/** 1.2 GB, 34.5 MB, 812 KB, 0 B (decimal units, as disks and file managers count). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** What each folder of the cache holds, for people. */
export const CACHE_PART_DESCRIPTIONS: Record<string, string> = {
  features: 'frozen-backbone features of photos (the feature cache)',
  weights: 'downloaded Keras weight files',
  onnx: 'backbones exported to ONNX for onnxruntime',
  digests: 'remembered content hashes of large files (not hashed again while unchanged)',
  downloads: 'downloaded dataset archives',
  bench: 'the benchmark\'s prepared photos',
};

export function cacheReportLines(report: CacheReport, freedBytes?: number): string[] {
  const lines: string[] = [];
  if (freedBytes !== undefined) lines.push(`Cleared the feature cache: ${formatBytes(freedBytes)} freed.`);
  lines.push(`Cache folder: ${report.dir} (${formatBytes(report.bytes)} in all)`);
  for (const part of report.parts) {
    const what = CACHE_PART_DESCRIPTIONS[part.name];
    lines.push(`  ${part.name.padEnd(10)} ${formatBytes(part.bytes).padStart(9)}${what ? `  ${what}` : ''}`);
  }
  if (!report.features.length) {
    lines.push('Feature cache: empty.');
    return lines;
  }
  lines.push(`Feature cache: ${report.features.length} backbone configuration${report.features.length === 1 ? '' : 's'}:`);
  for (const f of report.features) {
    const damaged = f.damagedShards ? `, ${f.damagedShards} damaged shard${f.damagedShards === 1 ? '' : 's'} (recomputed on next use)` : '';
    lines.push(`  ${f.label}; weights ${f.weights}: ${f.photos.toLocaleString('en-US')} photos, ${formatBytes(f.bytes)}${damaged}`);
    lines.push(`    key ${f.key}${f.lastWritten ? `, last written ${f.lastWritten.slice(0, 16).replace('T', ' ')} UTC` : ''}`);
  }
  return lines;
}
