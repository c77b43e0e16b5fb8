/**
 * `cats-dogs bench`: decode, extraction per backbone and extractor, the head experiment with and
 * without the feature cache, a warm-cache training run, and memory — measured on this machine from
 * real photos, one phase after another, into one report.
 */
import { mkdtempSync, promises as fs } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { BackendChoice } from '../../shared/protocol/engine';
import { writeFileAtomic } from '../../shared/node/atomicWrite';
import { throwIfCancelled } from '../errors';
import type { EventSink } from '../events';
import { onnxRuntimeAvailable } from '../onnx/ortRuntime';
import { benchBackbones, matchesBackbone } from './backboneSet';
import { benchDecode } from './decodeBench';
import { benchExtraction, type ExtractBenchSettings } from './extractBench';
import { benchHead } from './headBench';
import { PhaseRecorder } from './measure';
import { benchMemoryScaling } from './memoryBench';
import { benchDataset, countPhotos, interleavedFiles, linkDataset, subsetLayout } from './photoSet';
import { prepareBackends } from './tfjsBackends';
import { benchTrainRun } from './trainRun';
import { isRate, type BenchReport, type ExtractionRow } from './types';

export interface BenchOptions {
  quick: boolean;
  /** Photos to use (default: all of the dataset; --quick: 12). */
  photos?: number;
  /** Extraction rows only for these backbones (see matchesBackbone); default: all. */
  backbones?: readonly string[];
  backend: BackendChoice;
  /** A prepared dataset, or a source to prepare (zip or folder). */
  data?: string;
  source?: string;
  /** Folder holding mobilenet_v1_0.25_224/model.json and mobilenet_v1_0.75_224/model.json. */
  models?: string;
  cacheDir: string;
  json?: string;
  /** Also measure WebGPU on a software renderer (slow). */
  softwareGpu: boolean;
}

interface Settings {
  photos: number | undefined;
  extraction: ExtractBenchSettings;
  uncachedSeconds: number;
  headMinPhotos: number;
  memorySizes: (n: number) => [number, number];
  memoryEpochs: number;
}

const FULL: Settings = {
  photos: undefined,
  extraction: { poolPhotos: 32, seconds: 4, minPhotos: 16, cpuWhenWasmAbove: 5, quick: false },
  uncachedSeconds: 40,
  headMinPhotos: 16,
  memorySizes: (n) => [Math.min(500, Math.floor(n / 4)), n],
  memoryEpochs: 1,
};

const QUICK: Settings = {
  photos: 12,
  extraction: { poolPhotos: 1, seconds: 0, minPhotos: 1, cpuWhenWasmAbove: 5, quick: true },
  uncachedSeconds: 0,
  headMinPhotos: 4,
  memorySizes: (n) => [Math.floor(n / 2), n],
  memoryEpochs: 1,
};

export async function runBench(opts: BenchOptions, ctx: { emit: EventSink; signal: AbortSignal }): Promise<BenchReport> {
  const started = performance.now();
  const settings = opts.quick ? QUICK : FULL;
  const log = (message: string): void => ctx.emit({ type: 'log', level: 'info', message });
  const phases = new PhaseRecorder();
  const workDir = mkdtempSync(join(tmpdir(), 'cats-dogs-bench-'));
  const cacheDir = resolve(opts.cacheDir);
  try {
    const machine = { cpu: cpus()[0]?.model?.trim() || 'CPU', cores: availableParallelism(), loadStart: loadavg(), memoryGiB: totalmem() / 1024 ** 3, node: process.version, platform: `${process.platform}-${process.arch}` };
    log('Starting the backends...');
    const backends = await phases.run('backends', () => prepareBackends(opts.backend, { softwareGpu: opts.softwareGpu, log }));
    const ort = await onnxRuntimeAvailable();
    // Child processes (the training run, memory probes) must find the same GPU adapter.
    const childEnv: NodeJS.ProcessEnv = opts.softwareGpu ? { CATS_DOGS_WEBGPU_SOFTWARE: '1' } : {};

    log('Preparing the photos...');
    const dataset = await phases.run('photos', () => benchDataset({ data: opts.data, source: opts.source, cacheDir, emit: ctx.emit, signal: ctx.signal }));
    const layout = subsetLayout(dataset.layout, opts.photos ?? settings.photos ?? Infinity);
    const files = interleavedFiles(layout);
    const total = countPhotos(layout);

    log(`Decode+resize of ${total} photos at 150 and 224 px...`);
    const decode = await phases.run('decode+resize', () => benchDecode(files, [150, 224], ctx.signal));

    const extraction: ExtractionRow[] = [];
    for (const bb of benchBackbones(opts.models).filter((b) => !opts.backbones || opts.backbones.some((w) => matchesBackbone(b.label, w)))) {
      throwIfCancelled(ctx.signal);
      log(`Extraction: ${bb.label} (${bb.weights} weights)...`);
      extraction.push(
        await phases.run(`extraction ${bb.label}`, () =>
          benchExtraction(bb, { files, backends, ortAvailable: ort.ok ? ort.version : undefined, workDir, cacheDir, signal: ctx.signal, settings: settings.extraction }),
        ),
      );
    }

    log('Head experiment: cached features vs the backbone every epoch (the first run fills the cache)...');
    const vgg = extraction.find((r) => r.backbone.startsWith('VGG16'));
    const vggRate = vgg?.chosenPipeline?.rate ?? vgg?.ortPipeline;
    const head = await phases.run('head experiment', () =>
      benchHead({
        layout,
        backend: backends.report.name,
        cacheDir,
        signal: ctx.signal,
        log,
        onProgress: (done, total, rate, etaSeconds) => ctx.emit({ type: 'progress', phase: 'cache', done, total, unit: 'photos', rate, etaSeconds }),
        expectedRate: isRate(vggRate) ? vggRate.photosPerSecond : undefined,
        uncachedSeconds: settings.uncachedSeconds,
        minPhotos: settings.headMinPhotos,
      }),
    );

    log('A whole `cats-dogs train` run with the warm cache...');
    const trainRun = await phases.run('cats-dogs train (child process)', async () => {
      let dataDir = dataset.dataDir;
      if (total < countPhotos(dataset.layout)) {
        dataDir = join(workDir, 'data');
        await linkDataset(layout, dataDir);
      }
      return benchTrainRun({ dataDir, workDir, cacheDir, backend: backends.report.name, env: childEnv, signal: ctx.signal });
    });

    const sizes = settings.memorySizes(total);
    log(`Memory vs dataset size: ${sizes.join(' and ')} photos, features in RAM and on disk (one process each)...`);
    const memoryScaling = await phases.run('memory probes (child processes)', () =>
      benchMemoryScaling({ dataDir: dataset.dataDir, modelsDir: opts.models, workDir, backend: backends.report.name, env: childEnv, sizes, epochs: settings.memoryEpochs, parallel: opts.quick, signal: ctx.signal }),
    );

    const report: BenchReport = {
      version: 1,
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      quick: opts.quick,
      machine: { ...machine, loadEnd: loadavg() },
      backend: { name: backends.report.name, device: backends.report.device, measured: backends.names },
      onnxRuntime: ort.ok ? ort.version : `unavailable (${ort.why})`,
      photos: { total, source: dataset.description },
      decode,
      extraction,
      head,
      trainRun,
      phases: phases.phases,
      memoryScaling,
      seconds: (performance.now() - started) / 1000,
    };
    if (opts.json) await writeFileAtomic(resolve(opts.json), JSON.stringify(report, null, 2) + '\n');
    return report;
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
