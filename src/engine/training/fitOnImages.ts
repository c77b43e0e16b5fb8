/**
 * Training from photos rather than cached features: needed when photos are augmented (a frozen
 * backbone still runs in inference mode, but on changed pixels every epoch) or when backbone layers
 * learn (a trainable backbone, fine-tuning). Decoding overlaps the training step (imageBatches
 * prefetches), and the epoch loop is the same as Keras' fit().
 */
import type { Augmentation, EarlyStopping } from '../../shared/config/types';
import type { EpochPoint } from '../../shared/protocol/webview';
import { checkpoint } from '../errors';
import { imageBatches, type FailedPhoto } from '../images/batches';
import { mulberry32 } from '../util/random';
import { augmentBatch } from './augment';
import { BestEpochTracker } from './earlyStopping';

export interface ImageFitOptions {
  files: string[];
  labels: Uint8Array;
  inputSize: [number, number];
  batchSize: number;
  epochs: number;
  firstEpoch: number;
  seed: number;
  phase: EpochPoint['phase'];
  augmentation?: Augmentation;
  earlyStopping?: EarlyStopping;
  signal: AbortSignal;
  /** One training step on a batch of NHWC RGB 0..255 pixels; returns [loss, accuracy]. */
  trainStep: (pixels: Float32Array, count: number, labels: Float32Array) => Promise<[number, number]>;
  /** Validation loss and accuracy with the current weights. */
  validate: () => Promise<{ valLoss: number; valAcc: number }>;
  /** For restoring the best epoch: snapshot and restore the trained weights. */
  snapshot: () => unknown;
  restore: (snapshot: unknown) => void;
  release: (snapshot: unknown) => void;
  onBatch?: (epoch: number, done: number, total: number, imagesPerSecond: number) => void;
  onEpoch?: (point: EpochPoint) => void;
  /** Photos that could not be decoded (reported once). */
  onSkipped?: (photos: FailedPhoto[]) => void;
}

export async function fitOnImages(opts: ImageFitOptions): Promise<{ epochs: EpochPoint[]; bestEpoch?: number; stoppedEarly: boolean }> {
  const tracker = new BestEpochTracker(opts.earlyStopping);
  const points: EpochPoint[] = [];
  const skippedOnce = new Set<string>();
  let best: unknown;
  let stoppedEarly = false;
  const totalBatches = Math.ceil(opts.files.length / opts.batchSize);
  for (let e = 0; e < opts.epochs; e++) {
    const epoch = opts.firstEpoch + e;
    const started = performance.now();
    const random = mulberry32((opts.seed * 7919 + epoch * 104729) >>> 0);
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    let batchNo = 0;
    for await (const batch of imageBatches(opts.files, { size: opts.inputSize, batchSize: opts.batchSize, shuffleSeed: (opts.seed + epoch * 1000003) >>> 0, signal: opts.signal })) {
      await checkpoint(opts.signal);
      const fresh = batch.failed.filter((f) => !skippedOnce.has(f.file));
      fresh.forEach((f) => skippedOnce.add(f.file));
      if (fresh.length) opts.onSkipped?.(fresh);
      const good = batch.indices.length;
      batchNo++;
      if (good === 0) continue;
      const pixels = opts.augmentation ? augmentBatch(batch.pixels, good, opts.inputSize, opts.augmentation, random) : batch.pixels;
      const labels = Float32Array.from(batch.indices, (i) => opts.labels[i]);
      const [loss, acc] = await opts.trainStep(pixels, good, labels);
      lossSum += loss * good;
      accSum += acc * good;
      seen += good;
      const elapsed = (performance.now() - started) / 1000;
      opts.onBatch?.(epoch, batchNo, totalBatches, elapsed > 0 ? seen / elapsed : 0);
    }
    await checkpoint(opts.signal);
    const { valLoss, valAcc } = await opts.validate();
    const point: EpochPoint = { epoch, phase: opts.phase, loss: lossSum / Math.max(seen, 1), acc: accSum / Math.max(seen, 1), valLoss, valAcc, seconds: (performance.now() - started) / 1000 };
    points.push(point);
    if (tracker.record(epoch, point) && tracker.restoreBest) {
      if (best !== undefined) opts.release(best);
      best = opts.snapshot();
    }
    opts.onEpoch?.(point);
    if (tracker.shouldStop()) {
      stoppedEarly = true;
      break;
    }
  }
  if (best !== undefined) {
    opts.restore(best);
    opts.release(best);
  }
  return { epochs: points, bestEpoch: tracker.bestEpoch, stoppedEarly };
}
