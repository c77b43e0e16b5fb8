/**
 * The head experiment: what the feature cache buys. The lab's baseline (frozen VGG16 at 150 px,
 * Flatten, Dense 256 ReLU, Dropout 0.5, Dense 1, Adam 1e-5, batch 64, 10 epochs) trained
 * (a) on cached features: read the features of train+validation from the cache, then only the head
 *     trains, epoch after epoch (what every run after the first does);
 * (b) recomputing the backbone every epoch, as the lab's Keras reference run does: each epoch decodes
 *     the photos, runs the backbone on them and takes a head step; validation likewise. Measured for
 *     one epoch on a subset and scaled to the full splits and all epochs.
 * Both arms use the extractor training would choose on this machine (onnxruntime on a CPU).
 */
import { baselineConfig } from '../../shared/config/templates';
import { validateConfig } from '../../shared/config/validate';
import type { ExperimentConfig } from '../../shared/config/types';
import type { BackendName } from '../../shared/protocol/engine';
import { loadBackbone } from '../backbones';
import type { DatasetLayout } from '../dataset';
import { EngineError } from '../errors';
import { FeatureCache } from '../features/cache';
import { extractFeatures } from '../features/extract';
import type { FeatureExtractor } from '../features/extractor';
import { imageBatches } from '../images/batches';
import { tf } from '../tf/tf';
import { chooseExtractor } from '../training/extractorChoice';
import { fitOnFeatures } from '../training/fitHead';
import { fitOnImages } from '../training/fitOnImages';
import { trainStepOn } from '../training/imageTraining';
import { buildHead } from '../training/head';
import { accuracy, binaryCrossEntropy } from '../training/metrics';
import { makeOptimizer } from '../training/optimizer';
import { labelled, splitView, type SplitFiles } from '../training/splitFeatures';
import { featureKeyOf } from '../training/featureKey';
import type { HeadExperiment } from './types';

/** The lab's baseline with random VGG16 weights (ImageNet's file is a download; speed is the same). */
export function baselineLikeConfig(data: string): Record<string, unknown> {
  const config = baselineConfig(data);
  return {
    ...config,
    name: 'bench-baseline',
    description: 'The lab baseline with random VGG16 weights, for `cats-dogs bench` (speed does not depend on the weight values).',
    backbone: { ...(config.backbone as object), weights: null },
  };
}

export function checkedBaseline(data: string): ExperimentConfig {
  const { config, issues } = validateConfig(baselineLikeConfig(data));
  if (!config) throw new EngineError('internal', `The benchmark's baseline config is invalid: ${issues.map((i) => i.message).join('; ')}`);
  return config;
}

export interface HeadBenchOptions {
  layout: DatasetLayout;
  backend: BackendName;
  cacheDir: string;
  signal: AbortSignal;
  log: (message: string) => void;
  /** Progress of the first extraction (a cold cache: minutes for VGG16 on a CPU). */
  onProgress?: (done: number, total: number, rate: number | undefined, etaSeconds: number | undefined) => void;
  /** Photos/s the pipeline reached for this backbone (sizes the subset of arm b); undefined: use minPhotos. */
  expectedRate?: number;
  /** Seconds arm (b)'s measured epoch should take, about. */
  uncachedSeconds: number;
  minPhotos: number;
}

/** `n` of a split's photos spread evenly over it (cats and dogs alike). */
function spread(split: SplitFiles, n: number): SplitFiles {
  const count = Math.min(n, split.files.length);
  const picks = Array.from({ length: count }, (_, i) => Math.floor((i * split.files.length) / count));
  return { files: picks.map((i) => split.files[i]), labels: picks.map((i) => split.labels[i]) };
}

type Head = ReturnType<typeof buildHead>;

/** The config's head, compiled with its optimizer. */
export function compiledHead(config: ExperimentConfig, featureShape: number[]): Head {
  const head = buildHead(featureShape, config.head, config.training.seed);
  head.compile({ optimizer: makeOptimizer(config.training.optimizer, config.training.learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return head;
}

export function disposeHead(head: Head): void {
  head.optimizer?.dispose();
  head.dispose();
}

async function predictPhotos(head: Head, extractor: FeatureExtractor, featureShape: number[], split: SplitFiles, batchSize: number, signal: AbortSignal): Promise<{ valLoss: number; valAcc: number }> {
  const t = tf();
  const probs: number[] = [];
  const labels: number[] = [];
  for await (const batch of imageBatches(split.files, { size: extractor.inputSize, batchSize, signal })) {
    const count = batch.indices.length;
    if (count === 0) continue;
    const features = await extractor.extract(batch.pixels, count);
    const out = t.tidy(() => head.predict(t.tensor(features, [count, ...featureShape])) as ReturnType<typeof t.tensor>);
    probs.push(...(await out.data()));
    out.dispose();
    labels.push(...batch.indices.map((i) => split.labels[i]));
  }
  return { valLoss: binaryCrossEntropy(probs, labels), valAcc: accuracy(probs, labels) };
}

export async function benchHead(opts: HeadBenchOptions): Promise<HeadExperiment> {
  const config = checkedBaseline('.');
  const { training } = config;
  const backbone = await loadBackbone(config.backbone, { configDir: process.cwd(), cacheDir: opts.cacheDir, seed: training.seed, signal: opts.signal });
  const choice = await chooseExtractor(backbone, opts.backend, opts.cacheDir, opts.log);
  const { extractor } = choice;
  try {
    const splits = {
      train: labelled(opts.layout.train.cats, opts.layout.train.dogs),
      validation: labelled(opts.layout.validation.cats, opts.layout.validation.dogs),
      test: labelled(opts.layout.test.cats, opts.layout.test.dogs),
    };
    const key = featureKeyOf(backbone, undefined);
    const cache = new FeatureCache(opts.cacheDir);
    const extractOptions = { key, batchSize: Math.min(training.batchSize, extractor.maxBatch), signal: opts.signal, storage: 'memory' as const };

    // Every photo a training run needs, so the cache is warm for arm (a) and for the training run after it.
    const all = await extractFeatures([...splits.train.files, ...splits.validation.files, ...splits.test.files], extractor, cache, { ...extractOptions, onProgress: opts.onProgress });
    await all.features.close();
    const cacheWasWarm = all.misses === 0;
    if (!cacheWasWarm) opts.log(`Head experiment: computed ${all.misses} photos' features in ${all.seconds.toFixed(1)} s (the cache was cold; the next run starts warm).`);

    // Arm (a): cached features.
    const readStart = performance.now();
    const read = await extractFeatures([...splits.train.files, ...splits.validation.files], extractor, cache, extractOptions);
    const readSeconds = (performance.now() - readStart) / 1000;
    if (read.misses > 0) throw new EngineError('internal', `The feature cache missed ${read.misses} photos it had just stored.`);
    const head = compiledHead(config, backbone.featureShape);
    let fitSeconds: number;
    try {
      const fitStart = performance.now();
      await fitOnFeatures({
        model: head,
        inputShape: backbone.featureShape,
        train: splitView(read.features, 0, splits.train),
        validation: splitView(read.features, splits.train.files.length, splits.validation),
        epochs: training.epochs,
        batchSize: training.batchSize,
        seed: training.seed,
        phase: 'train',
        signal: opts.signal,
      });
      fitSeconds = (performance.now() - fitStart) / 1000;
    } finally {
      disposeHead(head);
      await read.features.close();
    }

    // Arm (b): the backbone every epoch, one epoch on a subset.
    const trainShare = splits.train.files.length / (splits.train.files.length + splits.validation.files.length);
    const wanted = opts.expectedRate ? Math.round(opts.expectedRate * opts.uncachedSeconds * trainShare) : opts.minPhotos;
    const trainSubset = spread(splits.train, Math.max(opts.minPhotos, wanted));
    const valSubset = spread(splits.validation, Math.max(2, Math.round((trainSubset.files.length * splits.validation.files.length) / splits.train.files.length)));
    const head2 = compiledHead(config, backbone.featureShape);
    let validationSeconds = 0;
    let epochSeconds: number;
    try {
      const result = await fitOnImages({
        files: trainSubset.files,
        labels: Uint8Array.from(trainSubset.labels),
        inputSize: backbone.inputSize,
        batchSize: training.batchSize,
        epochs: 1,
        firstEpoch: 1,
        seed: training.seed,
        phase: 'train',
        signal: opts.signal,
        trainStep: async (pixels, count, labels) => trainStepOn(head2, tf().tensor(await extractor.extract(pixels, count), [count, ...backbone.featureShape]), labels),
        validate: async () => {
          const started = performance.now();
          const v = await predictPhotos(head2, extractor, backbone.featureShape, valSubset, 256, opts.signal);
          validationSeconds = (performance.now() - started) / 1000;
          return v;
        },
        snapshot: () => undefined,
        restore: () => undefined,
        release: () => undefined,
      });
      epochSeconds = result.epochs[0].seconds;
    } finally {
      disposeHead(head2);
    }
    const trainSeconds = epochSeconds - validationSeconds;
    const fullEpoch = (trainSeconds * splits.train.files.length) / trainSubset.files.length + (validationSeconds * splits.validation.files.length) / valSubset.files.length;
    const cachedTotal = readSeconds + fitSeconds;
    const uncachedTotal = fullEpoch * training.epochs;
    return {
      backbone: `VGG16 ${backbone.inputSize[0]}`,
      extractor: extractor.name,
      train: splits.train.files.length,
      validation: splits.validation.files.length,
      epochs: training.epochs,
      cacheWasWarm,
      coldSeconds: cacheWasWarm ? undefined : all.seconds,
      cached: { readSeconds, fitSeconds, totalSeconds: cachedTotal },
      uncached: {
        trainPhotos: trainSubset.files.length,
        validationPhotos: valSubset.files.length,
        trainSeconds,
        validationSeconds,
        epochSeconds: fullEpoch,
        totalSeconds: uncachedTotal,
        extrapolated: trainSubset.files.length < splits.train.files.length || valSubset.files.length < splits.validation.files.length || training.epochs > 1,
      },
      ratio: uncachedTotal / cachedTotal,
    };
  } finally {
    await extractor.dispose();
    backbone.dispose();
  }
}
