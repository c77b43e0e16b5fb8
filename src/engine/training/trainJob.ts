/**
 * One training run, from config to results row: dataset, backend, backbone, features (through the
 * cache when the backbone is frozen), the head's epochs, optional fine-tuning, the test set, and the
 * run folder. Every event goes to the host (or the CLI) and into the run's log.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatIssues, validateConfig } from '../../shared/config/validate';
import type { ExperimentConfig } from '../../shared/config/types';
import { kerasLines } from '../../shared/format/kerasLog';
import { recordInterruptedRuns } from '../../shared/node/interruptedRuns';
import type { EngineToHost, TrainJob } from '../../shared/protocol/engine';
import { backboneLabel } from '../../shared/results/fromSummary';
import type { RunSummary } from '../../shared/results/runFolder';
import { loadBackbone, type Backbone } from '../backbones';
import { resolveCacheDir } from '../cache/paths';
import { readDatasetLayout, readManifest } from '../dataset/layout';
import { CancelledError, EngineError, toErrorMessage } from '../errors';
import type { JobContext } from '../events';
import { FeatureCache } from '../features/cache';
import type { FeatureExtractor } from '../features/extractor';
import { extractFeatures, type ExtractResult } from '../features/extract';
import { backendCapabilities, selectBackend } from '../tf/backends';
import { tf } from '../tf/tf';
import { ENGINE_VERSION } from '../version';
import { reportedBestEpoch } from './earlyStopping';
import { featureKeyOf } from './featureKey';
import { chooseExtractor } from './extractorChoice';
import { firstUnfrozenLayer, trainableParams } from './freeze';
import { fitOnFeatures, predictAll } from './fitHead';
import { buildHead } from './head';
import { checkHeadFits } from './memoryCheck';
import { makeOptimizer } from './optimizer';
import { accuracy, binaryCrossEntropy, confusionMatrix } from './metrics';
import { RunFolder } from './runFolder';
import { RunRecorder } from './runRecorder';
import { labelled, splitView } from './splitFeatures';
import { ProgressThrottle } from './progressThrottle';
import { batchProgress, fineTuneAndTest, trainWithAugmentation, trainWholeModel } from './imageTraining';
import { onEpoch, type TrainContext } from './trainContext';
import { saveRunModel } from './runModel';

export function checkedConfig(job: TrainJob): ExperimentConfig {
  const { config, issues } = validateConfig(job.config);
  if (!config) throw new EngineError('config', formatIssues(issues, job.configPath), 'Fix the config and run again.', issues[0]?.path);
  return config;
}

async function sha256OfFile(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await fs.readFile(file)).digest('hex');
  } catch {
    return undefined;
  }
}


/** Runs a training job; returns the process exit code (0 completed, 1 failed, 130 cancelled). */
export async function trainJob(job: TrainJob, ctx: JobContext): Promise<number> {
  const started = performance.now();
  const config = checkedConfig(job);
  const configDir = dirname(job.configPath);
  const dataDir = job.dataDir ?? resolve(configDir, config.data);
  const cacheDir = resolveCacheDir(job.cacheDir);
  const workspaceDir = job.workspaceDir ?? dirname(job.experimentsDir);

  // The run's log file exists once the run folder does; events before that only go to the host.
  const logSink: { recorder?: RunRecorder } = {};
  let steps: number | undefined;
  const emit = (event: EngineToHost): void => {
    ctx.emit(event);
    if (event.type === 'progress' && event.unit === 'batches') steps = event.total;
    logSink.recorder?.log(kerasLines(event, { steps }));
  };
  const log = (message: string, level: 'info' | 'warn' = 'info') => emit({ type: 'log', level, message });

  // Checks that need no run folder: a bad dataset or backend is an error, not a failed run.
  const layout = await readDatasetLayout(dataDir);
  const manifest = await readManifest(dataDir).catch((err) => {
    log(`The dataset manifest could not be read (${err instanceof Error ? err.message : String(err)}); the run goes on without it.`, 'warn');
    return undefined;
  });
  // The report in `started` says which backend and why the others were not used; the step-by-step trace is for debugging.
  const backend = await selectBackend(job.backend ?? 'auto', { workspaceDir, log: process.env.CATS_DOGS_DEBUG ? (m) => log(m) : undefined });
  const splits = {
    train: labelled(layout.train.cats, layout.train.dogs),
    validation: labelled(layout.validation.cats, layout.validation.dogs),
    test: labelled(layout.test.cats, layout.test.dogs),
  };
  // Runs killed earlier (from the CLI or a window) are still 'running' in results.csv: record their end first.
  await recordInterruptedRuns(job.experimentsDir, workspaceDir).then(
    (settled) => settled.length && log(`Recorded the end of ${settled.length} interrupted run(s): ${settled.map((r) => `${r.runId} (${r.status})`).join(', ')}.`, 'warn'),
    (err) => log(`Could not check results.csv for interrupted runs: ${err instanceof Error ? err.message : String(err)}`, 'warn'),
  );
  const run = await RunFolder.create(job.experimentsDir, config.name, new Date(), job.runId);
  const summary: RunSummary = {
    runId: run.runId,
    name: config.name,
    status: 'running',
    startedAt: new Date().toISOString(),
    configPath: job.configPath,
    config,
    backend,
    images: { train: splits.train.files.length, validation: splits.validation.files.length, test: splits.test.files.length },
    skipped: 0,
    params: { backbone: 0, trainable: 0, head: 0 },
    epochs: [],
    timings: { totalSeconds: 0, trainSeconds: 0 },
    dataset: { manifestSha256: manifest ? await sha256OfFile(join(dataDir, 'dataset.json')) : undefined, source: manifest?.source?.path, seed: manifest?.seed },
    versions: { engine: ENGINE_VERSION, tfjs: tf().version.tfjs, node: process.version },
    seed: config.training.seed,
  };
  const recorder = new RunRecorder(run, summary, job.experimentsDir, workspaceDir, job.configPath, (m) => log(m, 'warn'));
  logSink.recorder = recorder;
  await recorder.start();

  let backbone: Backbone | undefined;
  const disposables: Array<{ dispose(): unknown } | { close(): Promise<void> }> = [];
  try {
    const progress = new ProgressThrottle(emit);
    let lastLoadMessage: string | undefined;
    backbone = await loadBackbone(config.backbone, {
      configDir,
      cacheDir,
      seed: config.training.seed,
      signal: ctx.signal,
      onProgress: (e) => {
        if (e.phase === 'download') progress.report({ type: 'progress', phase: 'download', done: e.done, total: e.total ?? 0, unit: 'bytes', message: e.message });
        else if (e.message && e.message !== lastLoadMessage) log((lastLoadMessage = e.message)); // once, not per step
      },
    });
    checkHeadFits(backbone.featureShape, config, backend.name);
    // A fine-tuning layer the backbone lacks fails now, not after the head's epochs.
    if (config.fineTune) firstUnfrozenLayer(backbone.model.layers, config.fineTune);
    const head = buildHead(backbone.featureShape, config.head, config.training.seed);
    disposables.push(head);
    const trainable = config.backbone.trainable;
    summary.params = { backbone: backbone.params, trainable: trainable ? trainableParams(backbone.model.layers) : 0, head: head.countParams() };
    const totalEpochs = config.training.epochs + (config.fineTune?.epochs ?? 0);
    emit({
      type: 'started',
      job: 'train',
      runId: run.runId,
      runDir: run.dir,
      backend,
      backbone: { architecture: backboneLabel(config), params: backbone.params, trainableParams: summary.params.trainable, headParams: summary.params.head, featureShape: backbone.featureShape },
      images: summary.images,
      featureCache: { used: !trainable, hits: 0, misses: 0, dir: join(cacheDir, 'features') },
    });
    const tc: TrainContext = { config, backbone, splits, emit, log, signal: ctx.signal, recorder, progress, totalEpochs };

    let probs: Float32Array;
    let testFiles: string[];
    let testLabels: Uint8Array;
    let backboneChanged = false;
    if (trainable) {
      if (!backendCapabilities(backend.name).convGradients) await useCpuForGradients(backend.name, log);
      ({ probs, files: testFiles, labels: testLabels } = await trainWholeModel(tc, head));
      backboneChanged = true;
    } else {
      const extraction = await frozenFeatures(tc, cacheDir, !config.augmentation);
      disposables.push(extraction.extractor, extraction.result.features);
      const offsets = extraction.offsets;
      const validation = splitView(extraction.result.features, offsets.validation, splits.validation);
      const test = splitView(extraction.result.features, offsets.test, splits.test);
      const optimizer = makeOptimizer(config.training.optimizer, config.training.learningRate);
      disposables.push(optimizer); // a model frees only the optimizers it made from a name
      head.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      const trainStart = performance.now();
      if (config.augmentation) {
        await trainWithAugmentation(tc, head, extraction.extractor, validation);
      } else {
        await fitOnFeatures({
          model: head,
          inputShape: backbone.featureShape,
          train: splitView(extraction.result.features, offsets.train, splits.train),
          validation,
          epochs: config.training.epochs,
          totalEpochs,
          batchSize: config.training.batchSize,
          seed: config.training.seed,
          phase: 'train',
          earlyStopping: config.training.earlyStopping,
          signal: ctx.signal,
          onBatch: (epoch, done, total, rate) => batchProgress(tc, 'train', epoch, done, total, rate),
          onEpoch: (p) => onEpoch(tc, p),
        });
      }
      summary.timings.trainSeconds += (performance.now() - trainStart) / 1000;
      if (config.fineTune) {
        if (!backendCapabilities(backend.name).convGradients) await useCpuForGradients(backend.name, log);
        ({ probs, files: testFiles, labels: testLabels } = await fineTuneAndTest(tc, head));
        backboneChanged = true;
      } else {
        probs = await predictAll(head, test.source, backbone.featureShape, 256, ctx.signal);
        testFiles = test.files;
        testLabels = test.labels;
      }
    }
    const best = reportedBestEpoch(summary.epochs, config);
    summary.bestEpoch = best?.epoch;
    summary.bestValAcc = best?.valAcc;
    summary.test = { loss: binaryCrossEntropy(probs, testLabels), acc: accuracy(probs, testLabels), confusion: confusionMatrix(probs, testLabels) };
    progress.report({ type: 'progress', phase: 'save', done: 0, total: 1, unit: 'batches' }, true);
    await run.writePredictions(testFiles.map((file, i) => ({ file, label: testLabels[i] as 0 | 1, probability: probs[i] })));
    await saveRunModel(run.modelDir, { config, configDir, backbone, head, backboneChanged });
    summary.status = 'completed';
    finishTimings(summary, started);
    await recorder.finish();
    emit({ type: 'finished', status: 'completed', runId: run.runId, runDir: run.dir, test: summary.test, bestEpoch: summary.bestEpoch, epochsRun: summary.epochs.length, totalSeconds: summary.timings.totalSeconds });
    return 0;
  } catch (err) {
    const cancelled = err instanceof CancelledError;
    summary.status = cancelled ? 'cancelled' : 'failed';
    const problem = toErrorMessage(err);
    if (!cancelled) {
      summary.error = { message: problem.message, hint: problem.hint };
      emit({ type: 'error', ...problem });
    }
    finishTimings(summary, started);
    await recorder.finish().catch(() => undefined);
    emit({ type: 'finished', status: summary.status, runId: run.runId, runDir: run.dir, epochsRun: summary.epochs.length, totalSeconds: summary.timings.totalSeconds, message: cancelled ? 'cancelled by the user' : problem.message });
    return cancelled ? 130 : 1;
  } finally {
    for (const d of disposables.reverse()) await ('close' in d ? d.close() : d.dispose());
    backbone?.dispose();
  }
}


function finishTimings(summary: RunSummary, started: number): void {
  summary.timings.totalSeconds = (performance.now() - started) / 1000;
  const epochSeconds = summary.epochs.reduce((s, e) => s + e.seconds, 0);
  if (summary.timings.trainSeconds === 0) summary.timings.trainSeconds = epochSeconds;
  if (summary.epochs.length) summary.timings.secondsPerEpoch = epochSeconds / summary.epochs.length;
}

async function useCpuForGradients(backend: string, log: (m: string, l?: 'info' | 'warn') => void): Promise<void> {
  log(`The ${backend} backend cannot compute convolution gradients, so the layers that learn run on the cpu backend (slow). A GPU (webgpu or tensorflow-gpu) or @tensorflow/tfjs-node makes this fast.`, 'warn');
  await tf().setBackend('cpu');
}

/** The frozen backbone's features of every photo the run needs, through the feature cache. */
async function frozenFeatures(tc: TrainContext, cacheDir: string, includeTrain: boolean): Promise<{ extractor: FeatureExtractor; result: ExtractResult; offsets: Record<'train' | 'validation' | 'test', number> }> {
  const { backbone, config, splits } = tc;
  const choice = await chooseExtractor(backbone, tc.recorder.summary.backend.name, cacheDir, (m) => tc.log(m, 'warn'));
  tc.log(`Feature extractor: ${choice.extractor.name} (${choice.reason}).`);
  tc.recorder.summary.featureExtractor = choice.extractor.name;
  if (choice.onnxruntime) tc.recorder.summary.versions.onnxruntime = choice.onnxruntime;
  const groups = includeTrain ? (['train', 'validation', 'test'] as const) : (['validation', 'test'] as const);
  const offsets = { train: -1, validation: -1, test: -1 };
  const files: string[] = [];
  for (const g of groups) {
    offsets[g] = files.length;
    files.push(...splits[g].files);
  }
  const key = featureKeyOf(backbone, config.backbone.alpha);
  const started = performance.now();
  const result = await extractFeatures(files, choice.extractor, new FeatureCache(cacheDir), {
    key,
    batchSize: Math.min(config.training.batchSize, choice.extractor.maxBatch),
    signal: tc.signal,
    onHashing: (done, total) => tc.progress.report({ type: 'progress', phase: 'cache', done, total, unit: 'photos', message: 'hashing photos' }),
    onProgress: (done, total, rate, eta) => tc.progress.report({ type: 'progress', phase: 'cache', done, total, unit: 'photos', rate, etaSeconds: eta }, done === total),
    onWarning: (m) => tc.log(m, 'warn'),
  });
  const summary = tc.recorder.summary;
  summary.featureCache = { hits: result.hits, misses: result.misses };
  summary.timings.featureSeconds = (performance.now() - started) / 1000;
  summary.skipped = result.skipped.length;
  if (result.skipped.length) tc.emit({ type: 'skipped', photos: result.skipped.map((s) => ({ file: s.file, reason: s.reason })) });
  tc.log(`Features: ${result.hits} from the cache, ${result.misses} computed in ${summary.timings.featureSeconds.toFixed(1)} s (${result.cacheDir ?? 'no cache'}).`);
  return { extractor: choice.extractor, result, offsets };
}
