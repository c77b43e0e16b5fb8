/**
 * Photos per second of feature extraction: onnxruntime-node (exported graph) vs TensorFlow.js wasm,
 * on the real MobileNet v1 0.75 224 (truncated at conv_pw_13_relu) and on the lab's Keras
 * architectures as src/engine/backbones builds them, at the lab's input sizes, with random weights
 * calibrated on two photos (test/support/calibrate.ts) so activations stay at realistic scales. Real
 * photos from ../shared. Prints numbers and a summary
 * table; asserts nothing.
 *   node --import tsx scripts/benchExtractors.ts [--photos 32] [--tfjs-photos 16] [--batch 8] [--runs 2]
 *     [--threads N] [--arch VGG16,ResNet50,MobileNetV2,InceptionV3] [--no-mobilenet-json]
 * --arch takes names from ARCHITECTURES, optionally with @size (e.g. EfficientNetB0@224).
 */
import { availableParallelism, cpus } from 'node:os';
import type { LayersModel } from '@tensorflow/tfjs';
import { buildArchitecture } from '../src/engine/backbones';
import type { FeatureExtractor } from '../src/engine/features/extractor';
import { createTfjsExtractor } from '../src/engine/features/tfjsExtractor';
import { exportToOnnx } from '../src/engine/onnx/exportModel';
import { createOnnxExtractor } from '../src/engine/onnx/onnxExtractor';
import { onnxRuntimeAvailable } from '../src/engine/onnx/ortRuntime';
import { ARCHITECTURE_INFO, isArchitecture, type Preprocessing } from '../src/shared/config/architectures';
import { calibrateWeights } from '../test/support/calibrate';
import { loadLayersModelFile, truncateAt } from '../test/support/layersModelFile';
import { relativeError } from '../test/support/parity';
import { sharedPhotoPixels } from '../test/support/photos';
import { MOBILENET_075_JSON } from '../test/support/shared';
import { useWasmBackend } from '../test/support/wasmBackend';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const PHOTOS = arg('photos', 32);
const TFJS_PHOTOS = arg('tfjs-photos', 16);
const BATCH = arg('batch', 8);
const RUNS = arg('runs', 2);
const THREADS = arg('threads', availableParallelism());
/** The lab's input sizes: VGG16 150 (the baseline), the others at Keras' defaults or the lab's choice. */
const ARCHS = stringArg('arch', 'VGG16@150,ResNet50@224,MobileNetV2@224,InceptionV3@150');

interface Row {
  label: string;
  onnx: number;
  tfjs: number;
  difference: number;
}
const rows: Row[] = [];

async function photosPerSecond(e: FeatureExtractor, pixels: Float32Array, count: number): Promise<{ rate: number; out: Float32Array }> {
  const perPhoto = pixels.length / count;
  await e.extract(pixels.subarray(0, perPhoto * Math.min(count, e.maxBatch)), Math.min(count, e.maxBatch)); // warm-up
  let best = 0;
  let out: Float32Array = new Float32Array();
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    out = await e.extract(pixels, count);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const rate = count / seconds;
    // CPU time varies less than wall time on a shared machine (but includes idle spinning of ORT's threads).
    const perCpuSecond = count / ((cpu.user + cpu.system) / 1e6);
    console.log(`    run ${run + 1}: ${count} photos in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} photos/s (${perCpuSecond.toFixed(1)} photos per CPU-second)`);
    best = Math.max(best, rate);
  }
  return { rate: best, out };
}

async function bench(label: string, model: LayersModel, preprocessing: Preprocessing, pixels: Float32Array, count: number): Promise<void> {
  console.log(`\n${label}: features ${JSON.stringify(model.outputs[0].shape.slice(1))}, preprocessing ${preprocessing}, batch ${BATCH}`);
  let t = Date.now();
  const bytes = exportToOnnx(model, { preprocessing });
  console.log(`  export: ${(bytes.length / 2 ** 20).toFixed(1)} MiB in ${Date.now() - t} ms`);
  t = Date.now();
  const onnx = await createOnnxExtractor(model, { preprocessing, threads: THREADS, maxBatch: BATCH });
  console.log(`  onnxruntime session: ${Date.now() - t} ms, maxBatch ${onnx.maxBatch}, ${THREADS} threads`);
  console.log('  onnxruntime-cpu:');
  const o = await photosPerSecond(onnx, pixels, count);
  await onnx.dispose();

  const tfCount = Math.min(count, TFJS_PHOTOS);
  const perPhoto = pixels.length / count;
  const tfjs = createTfjsExtractor(model, { preprocessing, maxBatch: BATCH });
  console.log(`  ${tfjs.name} (${tfCount} photos, batch ${BATCH}):`);
  const r = await photosPerSecond(tfjs, pixels.subarray(0, tfCount * perPhoto), tfCount);
  const err = relativeError(o.out.subarray(0, r.out.length), r.out);
  console.log(`  => onnxruntime ${o.rate.toFixed(1)} photos/s, ${tfjs.name} ${r.rate.toFixed(1)} photos/s: ${(o.rate / r.rate).toFixed(1)}x; max relative difference ${err.toExponential(2)}`);
  rows.push({ label, onnx: o.rate, tfjs: r.rate, difference: err });
}

function printTable(): void {
  console.log('\n| backbone | onnxruntime-node (photos/s) | tfjs-wasm (photos/s) | speed-up | max rel. diff |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${r.onnx.toFixed(1)} | ${r.tfjs.toFixed(1)} | ${(r.onnx / r.tfjs).toFixed(1)}x | ${r.difference.toExponential(1)} |`);
}

async function main(): Promise<void> {
  const ort = await onnxRuntimeAvailable();
  console.log(`CPU: ${cpus()[0]?.model ?? '?'} x ${availableParallelism()}; onnxruntime-node ${ort.ok ? ort.version : `unavailable: ${ort.why}`}; ${PHOTOS} photos (tfjs ${TFJS_PHOTOS}), best of ${RUNS} runs`);
  if (!ort.ok) process.exit(1);
  await useWasmBackend();

  if (!process.argv.includes('--no-mobilenet-json')) {
    const mobilenet = truncateAt(await loadLayersModelFile(MOBILENET_075_JSON), 'conv_pw_13_relu');
    await bench('MobileNet v1 0.75 224 (real weights)', mobilenet, 'tf', await sharedPhotoPixels(PHOTOS, 224, 224), PHOTOS);
    mobilenet.dispose();
  }

  for (const spec of ARCHS.split(',').filter(Boolean)) {
    const [arch, sizeText] = spec.split('@');
    if (!isArchitecture(arch) || arch === 'custom') throw new Error(`--arch: unknown architecture ${arch}`);
    const size = sizeText ? Number(sizeText) : ARCHITECTURE_INFO[arch].defaultInputSize;
    const model = buildArchitecture(arch, { inputSize: [size, size], seed: 1 });
    const preprocessing = ARCHITECTURE_INFO[arch].preprocessing;
    const pixels = await sharedPhotoPixels(PHOTOS, size, size);
    // Untouched random networks fade towards denormal floats, which are slow on every CPU backend.
    calibrateWeights(model, preprocessing, pixels.subarray(0, 2 * size * size * 3), 2, 1);
    await bench(`${arch} ${size} (random weights)`, model, preprocessing, pixels, PHOTOS);
    model.dispose();
  }
  printTable();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
