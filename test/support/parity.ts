/** Helpers for comparing a tf.LayersModel's output in TensorFlow.js with its ONNX export in onnxruntime-node. */
import type { LayersModel } from '@tensorflow/tfjs';
import type { Preprocessing } from '../../src/shared/config/architectures';
import { createTfjsExtractor } from '../../src/engine/features/tfjsExtractor';
import { createOnnxExtractor } from '../../src/engine/onnx/onnxExtractor';
import { tf } from '../../src/engine/tf/tf';
import { seededRandom } from './random';

/**
 * Gives every weight seeded random values: variances in [0.5, 1.5] (they must be positive),
 * everything else uniform in [-range, range].
 */
export function randomizeWeights(model: LayersModel, seed: number, range = 0.5): void {
  const rand = seededRandom(seed);
  for (const layer of model.layers) {
    const weights = layer.weights;
    if (weights.length === 0) continue;
    const values = weights.map((w) => {
      const shape = w.shape as number[];
      const n = shape.reduce((a, b) => a * b, 1);
      const positive = /variance|count/.test(w.name);
      const data = Float32Array.from({ length: n }, () => (positive ? 0.5 + rand() : (2 * rand() - 1) * range));
      return tf().tensor(data, shape);
    });
    layer.setWeights(values);
    values.forEach((v) => v.dispose());
  }
}

/** Seeded RGB pixels in 0..255 for `count` photos of h x w. */
export function randomPixels(count: number, h: number, w: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: count * h * w * 3 }, () => Math.floor(rand() * 256));
}

/** max |a - b| / max(|b|), the error relative to the reference's scale. */
export function relativeError(actual: Float32Array, reference: Float32Array): number {
  if (actual.length !== reference.length) throw new Error(`lengths differ: ${actual.length} vs ${reference.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    if (!Number.isFinite(actual[i]) || !Number.isFinite(reference[i])) return Infinity;
    diff = Math.max(diff, Math.abs(actual[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

export interface ParityResult {
  tfjs: Float32Array;
  onnx: Float32Array;
  error: number;
  featureShape: number[];
}

/** Runs the same pixels through both extractors. */
export async function compareExtractors(model: LayersModel, preprocessing: Preprocessing, pixels: Float32Array, count: number, maxBatch?: number): Promise<ParityResult> {
  const reference = createTfjsExtractor(model, { preprocessing, maxBatch });
  const onnx = await createOnnxExtractor(model, { preprocessing, maxBatch, threads: 1 });
  try {
    const tfjsOut = await reference.extract(pixels, count);
    const onnxOut = await onnx.extract(pixels, count);
    return { tfjs: tfjsOut, onnx: onnxOut, error: relativeError(onnxOut, tfjsOut), featureShape: onnx.featureShape };
  } finally {
    await onnx.dispose();
    await reference.dispose();
  }
}
