/**
 * Random access to the features of a list of photos, by position in that list: what training asks
 * for, a batch of rows at a time (getBatch(indices) -> float32 rows back to back).
 *
 * Two kinds: rows held in RAM as float16 (half the memory of float32, converted per batch), or rows
 * read from the cache's shard files on demand (for feature maps too big for RAM, such as
 * InceptionResNetV2 at 299 px: 8x8x1536 values, 4.9 GB of float16 for 25,000 photos).
 */
import { EngineError } from '../errors';
import type { ModelFeatureCache } from './cache';
import { float16ToFloat32Array } from './float16';

export type FeatureStorage = 'memory' | 'disk';

export interface FeatureStore {
  readonly storage: FeatureStorage;
  /** Rows: one per photo of the input list (skipped photos have none). */
  readonly count: number;
  /** Values per row: the product of featureShape. */
  readonly rowLength: number;
  /** [h, w, c] of one photo's feature map. */
  readonly featureShape: readonly number[];
  /** Whether row `index` holds features (false for photos that were skipped). */
  has(index: number): boolean;
  /**
   * The rows at `indices`, back to back, as float32 (indices.length * rowLength values). Writes into
   * `out` when given (it must be large enough), so a training loop can reuse one buffer.
   */
  getBatch(indices: readonly number[], out?: Float32Array): Promise<Float32Array>;
  /** Bytes of RAM the rows take. */
  readonly memoryBytes: number;
  close(): Promise<void>;
}

function checkOut(indices: readonly number[], rowLength: number, out?: Float32Array): Float32Array {
  const need = indices.length * rowLength;
  if (!out) return new Float32Array(need);
  if (out.length < need) throw new RangeError(`The output holds ${out.length} values; ${indices.length} rows need ${need}.`);
  return out;
}

function missingRow(index: number): EngineError {
  return new EngineError('internal', `Photo #${index} has no features (it was skipped); leave it out of the batch.`);
}

/** Values per chunk: rows live in several typed arrays so no single allocation is huge. */
const CHUNK_VALUES = 32 * 1024 * 1024;

/** Rows as float16 in RAM. */
export class MemoryFeatureStore implements FeatureStore {
  readonly storage = 'memory';
  readonly rowLength: number;
  private readonly rowsPerChunk: number;
  private readonly chunks: Uint16Array[] = [];
  private readonly present: Uint8Array;

  constructor(
    readonly count: number,
    readonly featureShape: readonly number[],
  ) {
    this.rowLength = featureShape.reduce((a, b) => a * b, 1);
    this.rowsPerChunk = Math.max(1, Math.floor(CHUNK_VALUES / this.rowLength));
    this.present = new Uint8Array(count);
    for (let first = 0; first < count; first += this.rowsPerChunk) {
      this.chunks.push(new Uint16Array(Math.min(this.rowsPerChunk, count - first) * this.rowLength));
    }
  }

  get memoryBytes(): number {
    return this.chunks.reduce((a, c) => a + c.byteLength, 0);
  }

  has(index: number): boolean {
    return this.present[index] === 1;
  }

  /** The row's float16 slot, to fill in place; call markPresent(index) once it is filled. */
  slot(index: number): Uint16Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`Row ${index} is outside 0..${this.count - 1}.`);
    const chunk = this.chunks[Math.floor(index / this.rowsPerChunk)];
    const start = (index % this.rowsPerChunk) * this.rowLength;
    return chunk.subarray(start, start + this.rowLength);
  }

  markPresent(index: number): void {
    this.present[index] = 1;
  }

  /** Stores a row of float16 bits. */
  set(index: number, halves: Uint16Array): void {
    if (halves.length !== this.rowLength) throw new RangeError(`A row has ${this.rowLength} values, got ${halves.length}.`);
    this.slot(index).set(halves);
    this.present[index] = 1;
  }

  async getBatch(indices: readonly number[], out?: Float32Array): Promise<Float32Array> {
    const dst = checkOut(indices, this.rowLength, out);
    indices.forEach((index, i) => {
      if (!this.has(index)) throw missingRow(index);
      const chunk = this.chunks[Math.floor(index / this.rowsPerChunk)];
      const start = (index % this.rowsPerChunk) * this.rowLength;
      float16ToFloat32Array(chunk.subarray(start, start + this.rowLength), dst, i * this.rowLength);
    });
    return dst;
  }

  async close(): Promise<void> {
    this.chunks.length = 0;
  }
}

/** Rows read from the feature cache on demand (each read checked again), by photo hash. */
export class DiskFeatureStore implements FeatureStore {
  readonly storage = 'disk';
  readonly rowLength: number;
  readonly featureShape: readonly number[];
  readonly memoryBytes = 0;

  constructor(
    private readonly cache: ModelFeatureCache,
    /** The photo hash of each row; undefined for skipped photos. */
    private readonly hashes: ReadonlyArray<string | undefined>,
  ) {
    this.rowLength = cache.rowLength;
    this.featureShape = cache.spec.featureShape;
  }

  get count(): number {
    return this.hashes.length;
  }

  has(index: number): boolean {
    return this.hashes[index] !== undefined;
  }

  async getBatch(indices: readonly number[], out?: Float32Array): Promise<Float32Array> {
    const dst = checkOut(indices, this.rowLength, out);
    await Promise.all(
      indices.map(async (index, i) => {
        const hash = this.hashes[index];
        if (hash === undefined) throw missingRow(index);
        const row = await this.cache.readRow(hash);
        if (!row) {
          throw new EngineError('io', `The feature cache changed during the run: the features of photo #${index} are gone or damaged.`, 'Run again: damaged features are recomputed. Do not clear the cache while a run uses it.', this.cache.dir);
        }
        float16ToFloat32Array(row, dst, i * this.rowLength);
      }),
    );
    return dst;
  }

  async close(): Promise<void> {
    await this.cache.close();
  }
}
