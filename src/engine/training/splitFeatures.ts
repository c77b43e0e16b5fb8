/**
 * The three splits' features come from one extraction over all photos (one progress bar, one cache
 * pass); each split then sees its own rows through an index map, skipped photos left out.
 */
import type { FeatureStore } from '../features/store';
import type { FeatureSource, LabelledFeatures } from './featureSource';

export interface SplitFiles {
  files: string[];
  labels: number[];
}

/** The rows [offset, offset + files.length) of `store` that have features, as one split. */
export function splitView(store: FeatureStore, offset: number, split: SplitFiles): LabelledFeatures {
  const rows: number[] = [];
  const files: string[] = [];
  const labels: number[] = [];
  split.files.forEach((file, i) => {
    if (!store.has(offset + i)) return;
    rows.push(offset + i);
    files.push(file);
    labels.push(split.labels[i]);
  });
  const source: FeatureSource = {
    count: rows.length,
    rowSize: store.rowLength,
    getBatch: (indices) => store.getBatch(indices.map((i) => rows[i])),
  };
  return { source, labels: Uint8Array.from(labels), files };
}

/** Files and labels (0 = cat, 1 = dog) of a split, cats first, as flow_from_directory orders them. */
export function labelled(cats: string[], dogs: string[]): SplitFiles {
  return { files: [...cats, ...dogs], labels: [...cats.map(() => 0), ...dogs.map(() => 1)] };
}
