/** Rows of features (one per photo) that the head trains on, read in batches by index. */
export interface FeatureSource {
  readonly count: number;
  /** Floats per row (the product of the feature shape). */
  readonly rowSize: number;
  getBatch(indices: readonly number[]): Promise<Float32Array>;
}

/** A split's features with its labels (0 = cat, 1 = dog) and the photos they came from. */
export interface LabelledFeatures {
  source: FeatureSource;
  labels: Uint8Array;
  files: string[];
}

/** Features held in memory as float32 (tests and small datasets). */
export function inMemorySource(rows: Float32Array, rowSize: number): FeatureSource {
  const count = rowSize > 0 ? rows.length / rowSize : 0;
  return {
    count,
    rowSize,
    async getBatch(indices) {
      const out = new Float32Array(indices.length * rowSize);
      indices.forEach((idx, i) => out.set(rows.subarray(idx * rowSize, (idx + 1) * rowSize), i * rowSize));
      return out;
    },
  };
}
