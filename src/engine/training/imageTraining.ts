/**
 * The training paths that need photos rather than cached features: augmentation with a frozen
 * backbone, a trainable backbone, and fine-tuning the top of the backbone after the head. They share
 * fitOnImages' epoch loop; the model that learns and what a step does differ.
 */
import type { FeatureExtractor } from '../features/extractor';
import { preprocessingAffine } from '../features/preprocessing';
import { preprocessTensor } from '../features/tfjsExtractor';
import { imageBatches } from '../images/batches';
import { checkpoint } from '../errors';
import { tf } from '../tf/tf';
import type { LabelledFeatures } from './featureSource';
import { predictAll } from './fitHead';
import { fitOnImages } from './fitOnImages';
import { batchNormInInferenceMode, firstUnfrozenLayer, setFineTuneTrainable, trainableParams } from './freeze';
import { accuracy, binaryCrossEntropy } from './metrics';
import { makeOptimizer } from './optimizer';
import { onEpoch, type TrainContext } from './trainContext';

type LayersModel = ReturnType<ReturnType<typeof tf>['model']>;

export function batchProgress(tc: TrainContext, phase: 'train' | 'finetune', epoch: number, done: number, total: number, imagesPerSecond: number): void {
  const remainingImages = (total - done) * tc.config.training.batchSize;
  tc.progress.report({ type: 'progress', phase, epoch, done, total, unit: 'batches', rate: imagesPerSecond, etaSeconds: imagesPerSecond > 0 ? remainingImages / imagesPerSecond : undefined });
}

function snapshotOf(model: LayersModel) {
  return {
    snapshot: () => model.getWeights().map((w) => w.clone()),
    restore: (s: unknown) => model.setWeights(s as ReturnType<LayersModel['getWeights']>),
    release: (s: unknown) => (s as ReturnType<LayersModel['getWeights']>).forEach((w) => w.dispose()),
  };
}

/** One training step on a batch; disposes `xs`. The benchmark's uncached arm uses it too. */
export async function trainStepOn(model: LayersModel, xs: any, labels: Float32Array): Promise<[number, number]> {
  const t = tf();
  const ys = t.tensor2d(labels, [labels.length, 1]);
  try {
    const r = await model.trainOnBatch(xs, ys);
    return Array.isArray(r) ? [r[0], r[1]] : [r, NaN];
  } finally {
    ys.dispose();
    xs.dispose();
  }
}

/** Frozen backbone, augmented photos: features are computed on the changed pixels every epoch. */
export async function trainWithAugmentation(tc: TrainContext, head: LayersModel, extractor: FeatureExtractor, validation: LabelledFeatures): Promise<void> {
  const { config, backbone, splits } = tc;
  const t = tf();
  await fitOnImages({
    files: splits.train.files,
    labels: Uint8Array.from(splits.train.labels),
    inputSize: backbone.inputSize,
    batchSize: config.training.batchSize,
    epochs: config.training.epochs,
    firstEpoch: 1,
    seed: config.training.seed,
    phase: 'train',
    augmentation: config.augmentation,
    earlyStopping: config.training.earlyStopping,
    signal: tc.signal,
    trainStep: async (pixels, count, labels) => {
      const features = await extractor.extract(pixels, count);
      return trainStepOn(head, t.tensor(features, [count, ...backbone.featureShape]), labels);
    },
    validate: async () => {
      const probs = await predictAll(head, validation.source, backbone.featureShape, 256, tc.signal);
      return { valLoss: binaryCrossEntropy(probs, validation.labels), valAcc: accuracy(probs, validation.labels) };
    },
    ...snapshotOf(head),
    onBatch: (epoch, done, total, rate) => batchProgress(tc, 'train', epoch, done, total, rate),
    onEpoch: (p) => onEpoch(tc, p),
    onSkipped: (photos) => tc.emit({ type: 'skipped', photos: photos.map((p) => ({ file: p.file, reason: p.reason })) }),
  });
}

/**
 * Backbone and head as one model taking preprocessed pixels, compiled with its own optimizer, for the
 * duration of `use`. Afterwards the optimizer's state is freed, and so is the whole model's hold on
 * the head: applying the head to the backbone's output counted one more reference to it, and the run
 * disposes the head and the backbone itself.
 */
async function withWholeModel<T>(tc: TrainContext, head: LayersModel, learningRate: number, use: (model: LayersModel) => Promise<T>): Promise<T> {
  const t = tf();
  const b = tc.backbone.model;
  const model = t.model({ inputs: b.inputs, outputs: head.apply(b.outputs[0]) as any, name: 'backbone_and_head' });
  const optimizer = makeOptimizer(tc.config.training.optimizer, learningRate);
  try {
    model.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    return await use(model);
  } finally {
    optimizer.dispose();
    head.dispose();
  }
}

/** Probabilities of the whole model for photos, decoded in batches. */
async function predictPhotos(tc: TrainContext, model: LayersModel, files: string[], labels: number[]): Promise<{ probs: Float32Array; files: string[]; labels: Uint8Array }> {
  const t = tf();
  const affine = preprocessingAffine(tc.backbone.preprocessing);
  const probs: number[] = [];
  const kept: string[] = [];
  const keptLabels: number[] = [];
  for await (const batch of imageBatches(files, { size: tc.backbone.inputSize, batchSize: 16, signal: tc.signal })) {
    await checkpoint(tc.signal);
    const n = batch.indices.length;
    if (n === 0) continue;
    const out = t.tidy(() => model.predict(preprocessTensor(t.tensor4d(batch.pixels, [n, ...tc.backbone.inputSize, 3]), affine)) as any);
    probs.push(...(await out.data()));
    out.dispose();
    for (const i of batch.indices) {
      kept.push(files[i]);
      keptLabels.push(labels[i]);
    }
  }
  return { probs: Float32Array.from(probs), files: kept, labels: Uint8Array.from(keptLabels) };
}

async function fitWhole(tc: TrainContext, model: LayersModel, phase: 'train' | 'finetune', epochs: number, firstEpoch: number): Promise<void> {
  const t = tf();
  const { config, backbone, splits } = tc;
  const affine = preprocessingAffine(backbone.preprocessing);
  await fitOnImages({
    files: splits.train.files,
    labels: Uint8Array.from(splits.train.labels),
    inputSize: backbone.inputSize,
    batchSize: config.training.batchSize,
    epochs,
    firstEpoch,
    seed: config.training.seed,
    phase,
    augmentation: config.augmentation,
    earlyStopping: config.training.earlyStopping,
    signal: tc.signal,
    trainStep: (pixels, count, labels) => trainStepOn(model, t.tidy(() => preprocessTensor(t.tensor4d(pixels, [count, ...backbone.inputSize, 3]), affine)), labels),
    validate: async () => {
      const v = await predictPhotos(tc, model, splits.validation.files, splits.validation.labels);
      return { valLoss: binaryCrossEntropy(v.probs, v.labels), valAcc: accuracy(v.probs, v.labels) };
    },
    ...snapshotOf(model),
    onBatch: (epoch, done, total, rate) => batchProgress(tc, phase, epoch, done, total, rate),
    onEpoch: (p) => onEpoch(tc, p),
    onSkipped: (photos) => tc.emit({ type: 'skipped', photos: photos.map((p) => ({ file: p.file, reason: p.reason })) }),
  });
}

/** backbone.trainable: the whole network learns from the first epoch (BatchNormalization in training mode, as in Keras). */
export async function trainWholeModel(tc: TrainContext, head: LayersModel): Promise<{ probs: Float32Array; files: string[]; labels: Uint8Array }> {
  return withWholeModel(tc, head, tc.config.training.learningRate, async (model) => {
    const started = performance.now();
    await fitWhole(tc, model, 'train', tc.config.training.epochs, 1);
    tc.recorder.summary.timings.trainSeconds += (performance.now() - started) / 1000;
    return predictPhotos(tc, model, tc.splits.test.files, tc.splits.test.labels);
  });
}

/**
 * After the head has learned on frozen features: unfreeze the top of the backbone and go on with a
 * small learning rate. Every BatchNormalization layer stays in inference mode (Keras' advice for
 * fine-tuning, and what a frozen BN must do; tfjs would otherwise use batch statistics).
 */
export async function fineTuneAndTest(tc: TrainContext, head: LayersModel): Promise<{ probs: Float32Array; files: string[]; labels: Uint8Array }> {
  const fine = tc.config.fineTune!;
  const layers = tc.backbone.model.layers as any[];
  const first = firstUnfrozenLayer(layers, fine);
  setFineTuneTrainable(layers, first);
  const patched = batchNormInInferenceMode(layers);
  const unfrozen = trainableParams(layers.slice(first));
  tc.log(`Fine-tuning from ${layers[first].name}: ${unfrozen.toLocaleString('en-US')} backbone parameters learn${patched ? `, ${patched} BatchNormalization layers stay in inference mode` : ''}; learning rate ${fine.learningRate}.`);
  tc.recorder.summary.params.trainable = unfrozen;
  return withWholeModel(tc, head, fine.learningRate, async (model) => {
    const started = performance.now();
    await fitWhole(tc, model, 'finetune', fine.epochs, tc.recorder.summary.epochs.length + 1);
    tc.recorder.summary.timings.trainSeconds += (performance.now() - started) / 1000;
    return predictPhotos(tc, model, tc.splits.test.files, tc.splits.test.labels);
  });
}
