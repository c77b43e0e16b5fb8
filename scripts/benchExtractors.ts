/**
 * Photos per second of feature extraction: onnxruntime-node (exported graph) vs TensorFlow.js wasm,
 * on the real MobileNet v1 0.75 224 (truncated at conv_pw_13_relu, real photos from ../shared) and on
 * a VGG16-shaped stack with random weights at 150 px. Prints numbers; asserts nothing.
 *   node --import tsx scripts/benchExtractors.ts [--photos 32] [--runs 2] [--no-vgg] [--tfjs-photos 16] [--threads N]
 */
import { availableParallelism, cpus } from 'node:os';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import type { FeatureExtractor } from '../src/engine/features/extractor';
import { createTfjsExtractor } from '../src/engine/features/tfjsExtractor';
import { exportToOnnx } from '../src/engine/onnx/exportModel';
import { createOnnxExtractor } from '../src/engine/onnx/onnxExtractor';
import { onnxRuntimeAvailable } from '../src/engine/onnx/ortRuntime';
import { tf } from '../src/engine/tf/tf';
import type { Preprocessing } from '../src/shared/config/architectures';
import { loadLayersModelFile, truncateAt } from '../test/support/layersModelFile';
import { relativeError } from '../test/support/parity';
import { sharedPhotoPixels } from '../test/support/photos';
import { MOBILENET_075_JSON } from '../test/support/shared';
import { useWasmBackend } from '../test/support/wasmBackend';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const PHOTOS = arg('photos', 32);
const TFJS_PHOTOS = arg('tfjs-photos', 16);
const RUNS = arg('runs', 2);
const THREADS = arg('threads', availableParallelism());

/** VGG16's notop layer stack (Keras names), random He-initialised weights. */
function vgg16Like(size: number): LayersModel {
  const L = tf().layers;
  const x = tf().input({ shape: [size, size, 3], name: 'input_1' });
  let y: SymbolicTensor = x;
  const blocks = [[64, 2], [128, 2], [256, 3], [512, 3], [512, 3]];
  blocks.forEach(([filters, convs], b) => {
    for (let c = 1; c <= convs; c++) {
      y = L.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal', name: `block${b + 1}_conv${c}` }).apply(y) as SymbolicTensor;
    }
    y = L.maxPooling2d({ poolSize: 2, strides: 2, name: `block${b + 1}_pool` }).apply(y) as SymbolicTensor;
  });
  return tf().model({ inputs: x, outputs: y, name: 'vgg16_like' });
}

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
  console.log(`\n${label}: features ${JSON.stringify(model.outputs[0].shape.slice(1))}, preprocessing ${preprocessing}`);
  let t = Date.now();
  const bytes = exportToOnnx(model, { preprocessing });
  console.log(`  export: ${(bytes.length / 2 ** 20).toFixed(1)} MiB in ${Date.now() - t} ms`);
  t = Date.now();
  const onnx = await createOnnxExtractor(model, { preprocessing, threads: THREADS });
  console.log(`  onnxruntime session: ${Date.now() - t} ms, maxBatch ${onnx.maxBatch}, ${THREADS} threads`);
  console.log('  onnxruntime-cpu:');
  const o = await photosPerSecond(onnx, pixels, count);
  await onnx.dispose();

  const tfCount = Math.min(count, TFJS_PHOTOS);
  const perPhoto = pixels.length / count;
  const tfjs = createTfjsExtractor(model, { preprocessing, maxBatch: 8 });
  console.log(`  ${tfjs.name} (${tfCount} photos, batch 8):`);
  const r = await photosPerSecond(tfjs, pixels.subarray(0, tfCount * perPhoto), tfCount);
  const err = relativeError(o.out.subarray(0, r.out.length), r.out);
  console.log(`  => onnxruntime ${o.rate.toFixed(1)} photos/s, ${tfjs.name} ${r.rate.toFixed(1)} photos/s: ${(o.rate / r.rate).toFixed(1)}x; max relative difference ${err.toExponential(2)}`);
}

async function main(): Promise<void> {
  const ort = await onnxRuntimeAvailable();
  console.log(`CPU: ${cpus()[0]?.model ?? '?'} x ${availableParallelism()}; onnxruntime-node ${ort.ok ? ort.version : `unavailable: ${ort.why}`}; ${PHOTOS} photos, best of ${RUNS} runs`);
  if (!ort.ok) process.exit(1);
  await useWasmBackend();

  const mobilenet = truncateAt(await loadLayersModelFile(MOBILENET_075_JSON), 'conv_pw_13_relu');
  await bench('MobileNet v1 0.75 224 (real weights, real photos)', mobilenet, 'tf', await sharedPhotoPixels(PHOTOS, 224, 224), PHOTOS);

  if (!process.argv.includes('--no-vgg')) {
    const vgg = vgg16Like(150);
    await bench('VGG16-shaped stack 150 px (random weights, real photos)', vgg, 'caffe', await sharedPhotoPixels(PHOTOS, 150, 150), PHOTOS);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
