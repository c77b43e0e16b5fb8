/** Whether a prepared dataset was made from the same source with the same settings. Pure. */
import type { DatasetManifest, ManifestSource, SourceKind } from './manifest';
import { MANIFEST_VERSION } from './manifest';
import { formatRatios, normalizeRatios } from './splitMath';

/** What is known about the source now, before reading it. */
export interface SourceIdentity {
  kind: SourceKind;
  path: string;
  url?: string;
  size?: number;
  mtimeMs?: number;
  /** Archive hash, when it has been computed (or, for a download, the hash the user expects). */
  sha256?: string;
  fingerprint?: string;
}

export interface WantedSettings {
  source: SourceIdentity;
  seed: number;
  split: readonly number[];
}

export type SourceVerdict = 'same' | 'different' | 'needs-hash';

/**
 * Compares sources without reading them: a zip is the same when its sha256 matches, or (without a hash
 * to compare) when path, size and modification time all match; 'needs-hash' asks the caller to hash it
 * and ask again. A folder is the same when its path and listing fingerprint match; a download when it
 * is the same URL (and the expected hash, if one is given, matches the recorded one).
 */
export function compareSource(recorded: ManifestSource, now: SourceIdentity): SourceVerdict {
  if (recorded.kind !== now.kind) return 'different';
  switch (now.kind) {
    case 'download':
      if (recorded.url !== now.url) return 'different';
      return now.sha256 && recorded.sha256 && now.sha256.toLowerCase() !== recorded.sha256.toLowerCase() ? 'different' : 'same';
    case 'folder':
      return recorded.path === now.path && recorded.fingerprint === now.fingerprint ? 'same' : 'different';
    case 'zip':
      if (now.sha256 && recorded.sha256) return now.sha256 === recorded.sha256 ? 'same' : 'different';
      if (now.size !== undefined && now.size !== recorded.size) return 'different';
      if (recorded.path === now.path && recorded.mtimeMs === now.mtimeMs) return 'same';
      return recorded.sha256 ? 'needs-hash' : 'different';
  }
}

function describeSource(s: { kind: SourceKind; path: string; url?: string }): string {
  return s.kind === 'download' ? `download ${s.url}` : `${s.kind} ${s.path}`;
}

/** Human-readable differences between the manifest and the wanted settings; empty when the same. */
export function describeDifferences(m: DatasetManifest, wanted: WantedSettings, verdict: SourceVerdict = compareSource(m.source, wanted.source)): string[] {
  const diffs: string[] = [];
  if (m.version !== MANIFEST_VERSION) diffs.push(`manifest version ${m.version} → ${MANIFEST_VERSION}`);
  if (verdict !== 'same') {
    const a = describeSource(m.source);
    const b = describeSource(wanted.source);
    diffs.push(a === b ? `source ${b} has changed since the dataset was made` : `source ${a} → ${b}`);
  }
  if (m.seed !== wanted.seed) diffs.push(`seed ${m.seed} → ${wanted.seed}`);
  const was = normalizeRatios(m.split);
  const now = normalizeRatios(wanted.split);
  if (was.some((r, i) => Math.abs(r - now[i]) > 1e-9)) diffs.push(`split ${formatRatios(m.split)} → ${formatRatios(wanted.split)}`);
  return diffs;
}
