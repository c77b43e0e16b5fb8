import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import type { Tf } from '../../../src/engine/tf/tf';

/** A MobileNet-shaped toy: conv, batch norm, relu6, depthwise conv, 1x1 conv, pooling, sigmoid. */
export function tinyConvNet(tf: Tf, size = 16): LayersModel {
  const input = tf.input({ shape: [size, size, 3] });
  const apply = (layer: { apply(x: SymbolicTensor): unknown }, x: SymbolicTensor) => layer.apply(x) as SymbolicTensor;
  let x = apply(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false }), input);
  x = apply(tf.layers.batchNormalization(), x);
  x = apply(tf.layers.reLU({ maxValue: 6 }), x);
  x = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }), x);
  x = apply(tf.layers.batchNormalization(), x);
  x = apply(tf.layers.reLU({ maxValue: 6 }), x);
  x = apply(tf.layers.conv2d({ filters: 16, kernelSize: 1 }), x);
  x = apply(tf.layers.globalAveragePooling2d({}), x);
  const output = apply(tf.layers.dense({ units: 1, activation: 'sigmoid' }), x);
  return tf.model({ inputs: input, outputs: output });
}

/** Deterministic values in [-1, 1) (a small LCG), so both backends see the same data. */
export function pseudoRandom(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** max |a - b| / max |b|. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-12);
}
