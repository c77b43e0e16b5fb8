/**
 * Trains a compiled model on features, epoch by epoch, as Keras' fit() would: shuffled batches,
 * the epoch's running training loss/accuracy, then validation loss/accuracy on the whole split.
 * Stops between batches when cancelled; keeps the best epoch's weights when asked.
 */
import type { EpochPoint } from '../../shared/protocol/webview';
import { checkpoint } from '../errors';
import { tf } from '../tf/tf';
import { epochBatches } from './batching';
import { BestEpochTracker } from './earlyStopping';
import type { FeatureSource, LabelledFeatures } from './featureSource';
import { accuracy, binaryCrossEntropy } from './metrics';
import type { EarlyStopping } from '../../shared/config/types';

type LayersModel = ReturnType<ReturnType<typeof tf>['model']>;

export interface FitOptions {
  model: LayersModel;
  /** Shape of one input row for the model (e.g. the feature map [h, w, c]). */
  inputShape: number[];
  train: LabelledFeatures;
  validation: LabelledFeatures;
  epochs: number;
  /** Number of the first epoch (fine-tuning continues the count). */
  firstEpoch?: number;
  /** Total epochs of the whole run, for "Epoch 3/10". */
  totalEpochs?: number;
  batchSize: number;
  seed: number;
  phase: EpochPoint['phase'];
  earlyStopping?: EarlyStopping;
  signal: AbortSignal;
  onBatch?: (epoch: number, done: number, total: number, imagesPerSecond: number) => void;
  onEpoch?: (point: EpochPoint) => void;
}

export interface FitResult {
  epochs: EpochPoint[];
  bestEpoch?: number;
  stoppedEarly: boolean;
}

/** Probabilities of the model for every row of a source, in batches. */
export async function predictAll(model: LayersModel, source: FeatureSource, inputShape: number[], batchSize: number, signal?: AbortSignal): Promise<Float32Array> {
  const t = tf();
  const probs = new Float32Array(source.count);
  for (let start = 0; start < source.count; start += batchSize) {
    await checkpoint(signal);
    const indices = Array.from({ length: Math.min(batchSize, source.count - start) }, (_, i) => start + i);
    const rows = await source.getBatch(indices);
    const out = t.tidy(() => model.predict(t.tensor(rows, [indices.length, ...inputShape])) as any);
    probs.set(await out.data(), start);
    out.dispose();
  }
  return probs;
}

export async function fitOnFeatures(opts: FitOptions): Promise<FitResult> {
  const t = tf();
  const { model, inputShape, train, validation, batchSize, signal } = opts;
  const first = opts.firstEpoch ?? 1;
  const tracker = new BestEpochTracker(opts.earlyStopping);
  let bestWeights: any[] | undefined;
  const points: EpochPoint[] = [];
  let stoppedEarly = false;

  for (let e = 0; e < opts.epochs; e++) {
    const epoch = first + e;
    const started = performance.now();
    const batches = epochBatches(train.source.count, batchSize, opts.seed, epoch, true);
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    // The next batch is read while this one trains. A read left behind when training stops (cancel,
    // error) may fail once the store closes: that must not become an unhandled rejection.
    const read = (indices: number[]) => {
      const rows = train.source.getBatch(indices);
      rows.catch(() => undefined);
      return rows;
    };
    let next = read(batches[0] ?? []);
    for (let b = 0; b < batches.length; b++) {
      await checkpoint(signal);
      const indices = batches[b];
      const rows = await next;
      if (b + 1 < batches.length) next = read(batches[b + 1]);
      const xs = t.tensor(rows, [indices.length, ...inputShape]);
      const ys = t.tensor2d(Float32Array.from(indices, (i) => train.labels[i]), [indices.length, 1]);
      const result = await model.trainOnBatch(xs, ys);
      xs.dispose();
      ys.dispose();
      const [loss, acc] = Array.isArray(result) ? result : [result, NaN];
      lossSum += loss * indices.length;
      accSum += acc * indices.length;
      seen += indices.length;
      const elapsed = (performance.now() - started) / 1000;
      opts.onBatch?.(epoch, b + 1, batches.length, elapsed > 0 ? seen / elapsed : 0);
    }
    await checkpoint(signal);
    const valProbs = await predictAll(model, validation.source, inputShape, Math.max(batchSize, 64), signal);
    const point: EpochPoint = {
      epoch,
      phase: opts.phase,
      loss: lossSum / Math.max(seen, 1),
      acc: accSum / Math.max(seen, 1),
      valLoss: binaryCrossEntropy(valProbs, validation.labels),
      valAcc: accuracy(valProbs, validation.labels),
      seconds: (performance.now() - started) / 1000,
    };
    points.push(point);
    if (tracker.record(epoch, point) && tracker.restoreBest) {
      bestWeights?.forEach((w) => w.dispose());
      bestWeights = model.getWeights().map((w: any) => w.clone());
    }
    opts.onEpoch?.(point);
    if (tracker.shouldStop()) {
      stoppedEarly = true;
      break;
    }
  }
  if (bestWeights) {
    model.setWeights(bestWeights);
    bestWeights.forEach((w) => w.dispose());
  }
  return { epochs: points, bestEpoch: tracker.bestEpoch, stoppedEarly };
}
