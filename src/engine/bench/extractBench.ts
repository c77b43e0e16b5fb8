/**
 * Feature extraction photos/s for one backbone, four ways:
 * - onnxruntime reference: session.run alone on pre-decoded tensors (ortReference.ts), the ceiling;
 * - onnxruntime pipeline: extractFeatures end to end with a cold cache (hash, decode overlapped with
 *   the backbone, float16, cache writes), exactly what a first training run does on the CPU;
 * - tfjs on each backend, on pre-decoded pixels (the kernels' speed);
 * - on a GPU backend, extractFeatures with the tfjs extractor training would choose there.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../../shared/protocol/engine';
import { loadBackbone, type Backbone } from '../backbones';
import { FeatureCache } from '../features/cache';
import { extractFeatures } from '../features/extract';
import type { FeatureExtractor } from '../features/extractor';
import type { FeatureKeySpec } from '../features/key';
import { featureKeyOf } from '../training/featureKey';
import { createTfjsExtractor } from '../features/tfjsExtractor';
import { imageBatches } from '../images/batches';
import { createOnnxExtractor } from '../onnx/onnxExtractor';
import { backendCapabilities } from '../tf/backends';
import type { BenchBackbone } from './backboneSet';
import { measureLoop, rateOf, timed, type LoopBudget } from './measure';
import { ortReference, type PixelPool } from './ortReference';
import type { BenchBackends } from './tfjsBackends';
import { isRate, type ExtractionRow, type Rate } from './types';

export interface ExtractBenchSettings {
  /** Photos of the pixel pool (decoded once) that the reference and tfjs rows cycle through. */
  poolPhotos: number;
  /** Seconds each rate is measured for, at least. */
  seconds: number;
  /** Photos each rate is measured on, at least. */
  minPhotos: number;
  /** tfjs-cpu is measured only when wasm does at least this many photos/s (cpu is ~100x slower). */
  cpuWhenWasmAbove: number;
  quick: boolean;
}

export interface ExtractBenchContext {
  /** Photos for the pipeline rows (a prefix is used). */
  files: readonly string[];
  backends: BenchBackends;
  ortAvailable: string | undefined;
  /** Scratch folder: .onnx files and throwaway feature caches. */
  workDir: string;
  cacheDir: string;
  signal: AbortSignal;
  settings: ExtractBenchSettings;
}

const GPU_BACKENDS: ReadonlySet<BackendName> = new Set(['tensorflow-gpu', 'webgpu']);


function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

async function decodePool(files: readonly string[], size: number, count: number, signal: AbortSignal): Promise<PixelPool> {
  const parts: Float32Array[] = [];
  let decoded = 0;
  for await (const batch of imageBatches(files.slice(0, count), { size: [size, size], batchSize: 16, signal })) {
    parts.push(batch.pixels.slice());
    decoded += batch.indices.length;
  }
  const pixels = new Float32Array(decoded * size * size * 3);
  let offset = 0;
  for (const p of parts) {
    pixels.set(p, offset);
    offset += p.length;
  }
  return { pixels, count: decoded, size };
}

/**
 * extractFeatures on a prefix of the photos sized to take about `seconds` at `expectedRate`, with an
 * empty cache. The extractor runs one batch first, untimed, as the reference's does (a new session's
 * first run prepacks weights; a GPU compiles its shaders).
 */
async function pipelineRate(ctx: ExtractBenchContext, extractor: FeatureExtractor, pool: PixelPool, key: FeatureKeySpec, expectedRate: number, name: string): Promise<Rate> {
  const { settings } = ctx;
  const warm = Math.min(pool.count, extractor.maxBatch);
  await extractor.extract(pool.pixels.subarray(0, warm * pool.size * pool.size * 3), warm);
  const n = Math.max(settings.minPhotos, Math.min(ctx.files.length, Math.round(expectedRate * settings.seconds * 1.5)));
  const cacheDir = join(ctx.workDir, `cache-${name}`);
  try {
    const { value, seconds, cpuSeconds } = await timed(() => extractFeatures(ctx.files.slice(0, n), extractor, new FeatureCache(cacheDir), { key, batchSize: 64, signal: ctx.signal }));
    await value.features.close();
    return rateOf(value.misses, seconds, `extractFeatures, batch ${extractor.maxBatch}, empty cache`, cpuSeconds);
  } finally {
    await fs.rm(cacheDir, { recursive: true, force: true });
  }
}

function tfjsBatch(name: string, extractor: FeatureExtractor, quick: boolean): number {
  if (name === 'cpu' || quick) return 1;
  if (name === 'wasm') return 4;
  if (name === 'webgpu' && backendCapabilities('webgpu').softwareRenderer) return 2;
  return extractor.maxBatch;
}

async function tfjsRate(backbone: Backbone, pool: PixelPool, name: string, budget: LoopBudget, quick: boolean): Promise<Rate> {
  const probe = createTfjsExtractor(backbone.model, { preprocessing: backbone.preprocessing });
  const batch = Math.min(pool.count, tfjsBatch(name, probe, quick));
  const extractor = createTfjsExtractor(backbone.model, { preprocessing: backbone.preprocessing, maxBatch: batch });
  const perPhoto = pool.size * pool.size * 3;
  const batches = Math.max(1, Math.floor(pool.count / batch));
  return measureLoop(
    budget,
    async (i) => {
      const b = Math.max(0, i) % batches;
      await extractor.extract(pool.pixels.subarray(b * batch * perPhoto, (b + 1) * batch * perPhoto), batch);
      return batch;
    },
    `pre-decoded pixels, batch ${batch}`,
  );
}

/**
 * The backbone is built afresh on each backend it runs on (tfjs would otherwise move its weights
 * between backends, which reads WebGPU buffers synchronously: impossible in Node). onnxruntime's rows
 * use the copy built on the first CPU backend (exporting reads the weights).
 */
export async function benchExtraction(bb: BenchBackbone, ctx: ExtractBenchContext): Promise<ExtractionRow> {
  const { settings, backends } = ctx;
  const budget: LoopBudget = { minSeconds: settings.seconds, minPhotos: settings.minPhotos, maxPhotos: Number.MAX_SAFE_INTEGER };
  const size = bb.spec.inputSize[0];
  const row: ExtractionRow = { backbone: bb.label, inputSize: size, weights: bb.weights, featureShape: [], ortReference: { skipped: 'onnxruntime-node unavailable' }, ortPipeline: { skipped: 'onnxruntime-node unavailable' }, tfjs: {} };
  const pool = await decodePool(ctx.files, size, settings.poolPhotos, ctx.signal);
  const ortHost = backends.names.find((n) => n !== 'webgpu') ?? backends.names[0];
  const primary = backends.report.name;

  for (const name of backends.names) {
    const wasm = row.tfjs.wasm;
    if (name === 'cpu' && isRate(wasm) && wasm.photosPerSecond < settings.cpuWhenWasmAbove) {
      row.tfjs.cpu = { skipped: `too slow: wasm does ${wasm.photosPerSecond.toFixed(1)} photos/s and cpu is about 100x slower` };
      continue;
    }
    await backends.use(name);
    try {
      const backbone = await loadBackbone(bb.spec, { configDir: process.cwd(), cacheDir: ctx.cacheDir, seed: 42, signal: ctx.signal });
      try {
        row.featureShape = backbone.featureShape;
        const key = featureKeyOf(backbone, bb.spec.alpha);
        if (name === ortHost && ctx.ortAvailable) {
          const onnxFile = join(ctx.workDir, `${slug(bb.label)}.onnx`);
          const ort = await createOnnxExtractor(backbone.model, { preprocessing: backbone.preprocessing, cacheFile: onnxFile, spinning: false });
          try {
            row.ortReference = await ortReference(onnxFile, pool, ort.maxBatch, budget, settings.quick ? [false] : [true, false]);
            row.ortPipeline = await pipelineRate(ctx, ort, pool, key, row.ortReference.photosPerSecond, 'ort');
          } finally {
            await ort.dispose();
          }
        }
        const rate = await tfjsRate(backbone, pool, name, budget, settings.quick);
        row.tfjs[name] = rate;
        if (name === backends.names[0] && GPU_BACKENDS.has(primary)) {
          const extractor = createTfjsExtractor(backbone.model, { preprocessing: backbone.preprocessing });
          row.chosenPipeline = { extractor: extractor.name, rate: await pipelineRate(ctx, extractor, pool, key, rate.photosPerSecond, 'tfjs') };
        }
      } finally {
        backbone.dispose();
      }
    } finally {
      await backends.restore();
    }
  }
  for (const [name, why] of Object.entries(backends.notMeasured)) row.tfjs[name] ??= { skipped: why };
  return row;
}
