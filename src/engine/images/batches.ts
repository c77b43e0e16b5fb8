/**
 * Photos in, batches of pixels out: an async iterator that decodes the next batch(es) while the
 * consumer runs the backbone or trains on the current one. Decoding happens on libuv's thread pool
 * (sharp), so it overlaps the consumer's work on the main thread and the other core.
 *
 * Memory stays bounded whatever the number of photos: at most `prefetch` + 2 batch buffers exist
 * (the one the consumer holds, the one being filled, the prefetched ones), plus `concurrency`
 * full-size decodes in flight.
 */
import type { PhotoProblem } from '../../shared/protocol/engine';
import { CancelledError } from '../errors';
import { createLimiter } from '../util/limit';
import { seededPermutation } from '../util/random';
import { decodePhotoInto, defaultDecodeConcurrency, type DecodeOutcome } from './decode';
import type { ResizeMethod } from './resize';

export interface FailedPhoto extends PhotoProblem {
  /** Position of the photo in the input list. */
  index: number;
}

export interface PixelBatch {
  /** Positions in the input list of the photos in `pixels`, in batch order. */
  indices: number[];
  /** Their files (files[indices[i]]). */
  files: string[];
  /** `indices.length` photos, NHWC, RGB floats 0..255 (not preprocessed). */
  pixels: Float32Array;
  /** Photos of this batch's share of the list that could not be decoded; they are not in `pixels`. */
  failed: FailedPhoto[];
}

export type PhotoDecoder = (file: string, size: readonly [number, number], method: ResizeMethod, dst: Float32Array, offset: number) => Promise<DecodeOutcome>;

export interface ImageBatchOptions {
  /** [height, width] of every photo in the batch. */
  size: readonly [number, number];
  batchSize: number;
  method?: ResizeMethod;
  /** Visit the photos in an order shuffled with this seed (indices still refer to the input list). */
  shuffleSeed?: number;
  /** Batches decoded ahead of the consumer (default 1). */
  prefetch?: number;
  /** Photos decoded at once (default: one per core, at most 4). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Replaces the sharp decoder (tests). */
  decode?: PhotoDecoder;
}

/** The order in which photos are visited: the list order, or a seeded shuffle of it. */
export function visitOrder(count: number, shuffleSeed?: number): number[] {
  return shuffleSeed === undefined ? Array.from({ length: count }, (_, i) => i) : seededPermutation(count, shuffleSeed);
}

export async function* imageBatches(files: readonly string[], options: ImageBatchOptions): AsyncGenerator<PixelBatch, void, undefined> {
  const { size, batchSize, method = 'bilinear', prefetch = 1, signal } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}.`);
  const decode = options.decode ?? decodePhotoInto;
  const limiter = createLimiter(options.concurrency ?? defaultDecodeConcurrency());
  const order = visitOrder(files.length, options.shuffleSeed);
  const photoFloats = size[0] * size[1] * 3;
  const batchCount = Math.ceil(order.length / batchSize);
  let stopped = false;

  const build = async (batch: number): Promise<PixelBatch> => {
    const slots = order.slice(batch * batchSize, (batch + 1) * batchSize);
    const buffer = new Float32Array(slots.length * photoFloats);
    const outcomes = await Promise.all(
      slots.map((index, slot) =>
        limiter.run(async (): Promise<DecodeOutcome> => {
          if (stopped || signal?.aborted) return { ok: false, reason: 'cancelled' };
          return decode(files[index], size, method, buffer, slot * photoFloats);
        }),
      ),
    );
    const indices: number[] = [];
    const failed: FailedPhoto[] = [];
    outcomes.forEach((outcome, slot) => {
      const index = slots[slot];
      if (!outcome.ok) {
        failed.push({ index, file: files[index], reason: outcome.reason });
        return;
      }
      // Pack the decoded photos to the front, keeping their order.
      if (indices.length !== slot) buffer.copyWithin(indices.length * photoFloats, slot * photoFloats, (slot + 1) * photoFloats);
      indices.push(index);
    });
    return { indices, files: indices.map((i) => files[i]), pixels: buffer.subarray(0, indices.length * photoFloats), failed };
  };

  const queue: Array<Promise<PixelBatch>> = [];
  let next = 0;
  try {
    while (next < batchCount || queue.length > 0) {
      while (queue.length < prefetch + 1 && next < batchCount) queue.push(build(next++));
      const batch = await queue.shift()!;
      if (signal?.aborted) throw new CancelledError();
      yield batch;
    }
  } finally {
    // The consumer stopped early (break, error, cancel): let queued decodes finish as no-ops.
    stopped = true;
  }
}
