/**
 * `evaluate` (a folder with cats/ and dogs/) and `predict` (photos) with a trained run: the backbone
 * and head from the run folder, photos decoded as in training, features from the same extractor choice.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { EvaluateJob, PredictJob } from '../../shared/protocol/engine';
import { resolveCacheDir } from '../cache/paths';
import { isImageName } from '../dataset/classify';
import { EngineError } from '../errors';
import type { JobContext } from '../events';
import { FeatureCache } from '../features/cache';
import { extractFeatures } from '../features/extract';
import { selectBackend } from '../tf/backends';
import { chooseExtractor } from './extractorChoice';
import { featureKeyOf } from './featureKey';
import { predictAll } from './fitHead';
import { accuracy, binaryCrossEntropy, confusionMatrix } from './metrics';
import { loadRunModel, type LoadedRun } from './runModel';

type ProbsOf = (files: string[]) => Promise<{ probs: Map<string, number>; failed: Map<string, string> }>;

async function withRun<T>(kind: 'evaluate' | 'predict', runDir: string, job: { backend?: EvaluateJob['backend']; cacheDir?: string }, ctx: JobContext, fn: (run: LoadedRun, probsOf: ProbsOf) => Promise<T>): Promise<T> {
  const log = (message: string, level: 'info' | 'warn' = 'info') => ctx.emit({ type: 'log', level, message });
  const backend = await selectBackend(job.backend ?? 'auto', { log: process.env.CATS_DOGS_DEBUG ? (m) => log(m) : undefined });
  const cacheDir = resolveCacheDir(job.cacheDir);
  const run = await loadRunModel(runDir, { cacheDir, signal: ctx.signal, warn: (m) => log(m, 'warn') });
  ctx.emit({ type: 'started', job: kind, runDir, backend });
  const { extractor } = await chooseExtractor(run.backbone, backend.name, cacheDir, (m) => log(m, 'warn'));
  // The same features as in training: from the feature cache while the backbone is the frozen one the
  // run started from (so evaluate on the run's test folder gives its test numbers exactly); a
  // fine-tuned backbone's features belong to that run alone and are not cached.
  const cache = run.backboneSaved ? undefined : new FeatureCache(cacheDir);
  const probsOf: ProbsOf = async (files) => {
    const result = await extractFeatures(files, extractor, cache, {
      key: featureKeyOf(run.backbone, run.config.backbone.alpha),
      batchSize: Math.min(16, extractor.maxBatch),
      signal: ctx.signal,
      onProgress: (done, total) => ctx.emit({ type: 'progress', phase: kind, done, total, unit: 'photos' }),
      onWarning: (m) => log(m, 'warn'),
    });
    try {
      const source = { count: result.kept.length, rowSize: result.features.rowLength, getBatch: (rows: readonly number[]) => result.features.getBatch(rows.map((r) => result.kept[r])) };
      const values = await predictAll(run.head, source, run.backbone.featureShape, 64, ctx.signal);
      const probs = new Map(result.kept.map((index, i) => [files[index], values[i]]));
      const failed = new Map(result.skipped.map((s) => [s.file, s.reason]));
      return { probs, failed };
    } finally {
      await result.features.close();
    }
  };
  try {
    return await fn(run, probsOf);
  } finally {
    await extractor.dispose();
    run.dispose();
  }
}

async function classFiles(dir: string, names: string[]): Promise<string[]> {
  for (const name of names) {
    try {
      const entries = await fs.readdir(join(dir, name), { withFileTypes: true });
      return entries.filter((e) => e.isFile() && isImageName(e.name)).map((e) => join(dir, name, e.name)).sort();
    } catch {
      // try the next spelling
    }
  }
  return [];
}

export async function evaluateJob(job: EvaluateJob, ctx: JobContext): Promise<void> {
  const cats = await classFiles(job.dataDir, ['cats', 'cat', 'Cats', 'Cat']);
  const dogs = await classFiles(job.dataDir, ['dogs', 'dog', 'Dogs', 'Dog']);
  if (cats.length === 0 || dogs.length === 0) {
    throw new EngineError('dataset', `${job.dataDir} needs photos in both cats/ and dogs/ (found ${cats.length} and ${dogs.length}).`, 'Point --data at a folder such as cats_vs_dogs/test.', job.dataDir);
  }
  const started = performance.now();
  await withRun('evaluate', job.runDir, job, ctx, async (_run, probsOf) => {
    const files = [...cats, ...dogs];
    const { probs, failed } = await probsOf(files);
    if (failed.size) ctx.emit({ type: 'skipped', photos: [...failed].map(([file, reason]) => ({ file, reason })) });
    const kept = files.filter((f) => probs.has(f));
    const p = Float32Array.from(kept, (f) => probs.get(f)!);
    const isDog = new Set(dogs);
    const labels = Uint8Array.from(kept, (f) => (isDog.has(f) ? 1 : 0));
    ctx.emit({
      type: 'finished',
      status: 'completed',
      runDir: job.runDir,
      test: { loss: binaryCrossEntropy(p, labels), acc: accuracy(p, labels), confusion: confusionMatrix(p, labels) },
      totalSeconds: (performance.now() - started) / 1000,
    });
  });
}

export async function predictJob(job: PredictJob, ctx: JobContext): Promise<void> {
  if (job.images.length === 0) throw new EngineError('config', 'No photos to classify.', 'Give one or more image files.');
  const started = performance.now();
  await withRun('predict', job.runDir, job, ctx, async (_run, probsOf) => {
    const { probs, failed } = await probsOf(job.images);
    ctx.emit({
      type: 'predictions',
      predictions: job.images.map((image) =>
        probs.has(image) ? { image, label: probs.get(image)! >= 0.5 ? ('dog' as const) : ('cat' as const), probability: probs.get(image)! } : { image, error: failed.get(image) ?? 'not classified' },
      ),
    });
    ctx.emit({ type: 'finished', status: 'completed', runDir: job.runDir, totalSeconds: (performance.now() - started) / 1000 });
  });
}
