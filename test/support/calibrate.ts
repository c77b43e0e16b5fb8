/**
 * Seeded random weights that keep a deep network's activations at a useful scale, for parity checks
 * on whole architectures. Freshly built Keras architectures have zero biases and identity
 * normalisation statistics (mean 0, variance 1), so their activations fade or blow up layer after
 * layer and bias handling, batch-norm folding and ReLU6 clipping go unchecked. This runs the model
 * once, layer by layer, on a calibration batch and gives:
 * - every convolution/dense bias small random values;
 * - every BatchNormalization the batch's per-channel mean and variance of its input (see
 *   channelMoments) as moving statistics, and random gamma in [0.5, 3] (so ReLU6 clips now and then) and beta in [-0.5, 0.5];
 * - every Normalization the batch's per-channel mean and variance (EfficientNet's input block).
 * Afterwards each normalised layer's output has roughly unit scale on that batch.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { preprocessingAffine } from '../../src/engine/features/preprocessing';
import { preprocessTensor } from '../../src/engine/features/tfjsExtractor';
import { topologicalNodes } from '../../src/engine/onnx/exportModel';
import type { KModel } from '../../src/engine/onnx/kerasGraph';
import { tf } from '../../src/engine/tf/tf';
import type { Preprocessing } from '../../src/shared/config/architectures';
import { seededRandom } from './random';

const BIASED = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense']);
const NORMALISING = new Set(['BatchNormalization', 'Normalization']);

export interface CalibrationSummary {
  batchNorms: number;
  normalizations: number;
  biases: number;
}

type Layer = LayersModel['layers'][number];

function uniform(rand: () => number, n: number, lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

/**
 * Per-channel (last axis) mean and variance of a value, the variance raised by 1 % of the squared
 * mean and of the average variance: a channel that barely varies on the calibration batch would
 * otherwise be scaled up until the cancellation in x - mean (float noise of |x| * 1e-7) dominates.
 */
function channelMoments(x: Tensor): { mean: Tensor; variance: Tensor } {
  return tf().tidy(() => {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const { mean, variance } = tf().moments(x, axes);
    const floor = tf().add(tf().mul(tf().square(mean), 0.25), tf().mul(tf().mean(variance), 0.01));
    return { mean, variance: tf().add(variance, floor) };
  });
}

function setBias(layer: Layer, rand: () => number): boolean {
  const weights = layer.getWeights();
  const config = layer.getConfig() as { useBias?: boolean };
  if (config.useBias === false || weights.length < 2) return false;
  const bias = weights[weights.length - 1];
  const values = [...weights.slice(0, -1), tf().tensor(uniform(rand, bias.size, -0.2, 0.2), bias.shape)];
  layer.setWeights(values);
  tf().dispose(values.slice(-1));
  return true;
}

function setBatchNorm(layer: Layer, x: Tensor, rand: () => number): void {
  const config = layer.getConfig() as { scale?: boolean; center?: boolean };
  const { mean, variance } = channelMoments(x);
  const c = mean.size;
  const values: Tensor[] = [];
  if (config.scale !== false) values.push(tf().tensor1d(uniform(rand, c, 0.5, 1.5)));
  if (config.center !== false) values.push(tf().tensor1d(uniform(rand, c, -0.5, 0.5)));
  values.push(mean, variance);
  layer.setWeights(values);
  tf().dispose(values);
}

function setNormalization(layer: Layer, x: Tensor): void {
  const { mean, variance } = channelMoments(x);
  const count = tf().scalar(x.size / mean.size);
  layer.setWeights([mean, variance, count]);
  tf().dispose([mean, variance, count]);
}

/**
 * Calibrates the model's weights on `pixels` (NHWC RGB 0..255, `count` photos) fed through
 * `preprocessing`, as described above. Deterministic for a given seed and batch.
 */
export function calibrateWeights(model: LayersModel, preprocessing: Preprocessing, pixels: Float32Array, count: number, seed: number): CalibrationSummary {
  const m = model as unknown as KModel;
  const [h, w] = [m.inputs[0].shape[1] as number, m.inputs[0].shape[2] as number];
  const rand = seededRandom(seed);
  const summary: CalibrationSummary = { batchNorms: 0, normalizations: 0, biases: 0 };
  const order = topologicalNodes(m);
  const needsData = order.some((n) => NORMALISING.has(n.outboundLayer.getClassName()));
  if (!needsData) {
    // Nothing depends on the activations (VGG16): only the biases change, no forward pass needed.
    for (const node of order) if (BIASED.has(node.outboundLayer.getClassName()) && setBias(node.outboundLayer as unknown as Layer, rand)) summary.biases++;
    return summary;
  }
  const readersLeft = new Map<number, number>();
  for (const node of order) for (const t of node.inputTensors) readersLeft.set(t.id, (readersLeft.get(t.id) ?? 0) + 1);

  const values = new Map<number, Tensor>();
  values.set(m.inputs[0].id, tf().tidy(() => preprocessTensor(tf().tensor4d(pixels, [count, h, w, 3]), preprocessingAffine(preprocessing))));
  try {
    for (const node of order) {
      const layer = node.outboundLayer as unknown as Layer;
      const inputs = node.inputTensors.map((t) => values.get(t.id)!);
      const cls = layer.getClassName();
      if (BIASED.has(cls) && setBias(layer, rand)) summary.biases++;
      if (cls === 'BatchNormalization') {
        setBatchNorm(layer, inputs[0], rand);
        summary.batchNorms++;
      } else if (cls === 'Normalization') {
        setNormalization(layer, inputs[0]);
        summary.normalizations++;
      }
      const out = tf().tidy(() => layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as Tensor);
      values.set(node.outputTensors[0].id, out);
      for (const t of node.inputTensors) {
        const left = (readersLeft.get(t.id) ?? 1) - 1;
        readersLeft.set(t.id, left);
        if (left === 0 && !m.outputs.some((o) => o.id === t.id)) {
          values.get(t.id)?.dispose();
          values.delete(t.id);
        }
      }
    }
  } finally {
    for (const v of values.values()) v.dispose();
  }
  return summary;
}
