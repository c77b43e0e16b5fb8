/** BatchNormalization (folded into the previous layer when possible), Keras Normalization, Rescaling. */
import type { GraphBuilder } from '../graphBuilder';
import { cfgBool, cfgNumber, cfgNumbers, layerWeights, type Config, type KLayer } from '../kerasGraph';
import { channelDims, one, UnsupportedLayerError, type LayerConverter, type Value } from './context';

export interface BatchNormParams {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/** Whether a BatchNormalization normalises the channel (last) axis of a value of this rank. */
export function isChannelBatchNorm(config: Config, rank: number): boolean {
  const axes = cfgNumbers(config, 'axis') ?? [-1];
  return axes.length === 1 && (axes[0] === -1 || axes[0] === rank - 1);
}

/** Reads gamma/beta/moving mean/moving variance; `scale: false` (InceptionV3) has no gamma, `center: false` no beta. */
export function batchNormParams(layer: KLayer): BatchNormParams {
  const config = layer.getConfig();
  const scale = cfgBool(config, 'scale', true);
  const center = cfgBool(config, 'center', true);
  const epsilon = cfgNumber(config, 'epsilon', 1e-3);
  const weights = layerWeights(layer);
  const expected = (scale ? 1 : 0) + (center ? 1 : 0) + 2;
  if (weights.length !== expected) {
    throw new UnsupportedLayerError(`has ${weights.length} weight arrays, expected ${expected} (scale=${scale}, center=${center})`);
  }
  const gamma = scale ? weights[0].values : undefined;
  const beta = center ? weights[scale ? 1 : 0].values : undefined;
  const [mean, variance] = weights.slice(-2).map((w) => w.values);
  const n = mean.length;
  return { gamma: gamma ?? new Float32Array(n).fill(1), beta: beta ?? new Float32Array(n), mean, variance, epsilon };
}

/**
 * Folds y = (x - mean) * gamma / sqrt(var + eps) + beta into weights laid out output channel first
 * ([out, ...]) and their bias; returns the new bias.
 */
export function foldBatchNorm(weights: Float32Array, bias: Float32Array | null, outChannels: number, bn: BatchNormParams): Float32Array {
  if (bn.mean.length !== outChannels) throw new UnsupportedLayerError(`batch normalisation over ${bn.mean.length} channels follows a layer with ${outChannels}`);
  const per = weights.length / outChannels;
  const newBias = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    const s = bn.gamma[o] / Math.sqrt(bn.variance[o] + bn.epsilon);
    for (let k = o * per; k < (o + 1) * per; k++) weights[k] *= s;
    newBias[o] = ((bias ? bias[o] : 0) - bn.mean[o]) * s + bn.beta[o];
  }
  return newBias;
}

export const convertBatchNormalization: LayerConverter = (call) => {
  const { g, layer } = call;
  const x = one(call);
  const rank = x.shape.length;
  if (!isChannelBatchNorm(call.config, rank)) throw new UnsupportedLayerError('only normalisation over the channel (last) axis is supported');
  const bn = batchNormParams(layer);
  const c = bn.mean.length;
  if (rank === 4 || rank === 2) {
    const inputs = [x.name, g.floatConst(`${layer.name}/gamma`, [c], bn.gamma), g.floatConst(`${layer.name}/beta`, [c], bn.beta),
      g.floatConst(`${layer.name}/mean`, [c], bn.mean), g.floatConst(`${layer.name}/variance`, [c], bn.variance)];
    return [g.op('BatchNormalization', inputs, layer.name, [{ name: 'epsilon', f: bn.epsilon }])];
  }
  // Other ranks keep channels last: an affine map broadcast over the last axis.
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    scale[i] = bn.gamma[i] / Math.sqrt(bn.variance[i] + bn.epsilon);
    shift[i] = bn.beta[i] - bn.mean[i] * scale[i];
  }
  return [affine(g, x, scale, shift, layer.name)];
};

/** x * scale + shift with per-channel (or scalar) constants. */
export function affine(g: GraphBuilder, x: Value, scale: ArrayLike<number> | undefined, shift: ArrayLike<number> | undefined, base: string): string {
  const rank = x.shape.length;
  const isOne = !scale || Array.from(scale).every((s) => s === 1);
  const isZero = !shift || Array.from(shift).every((s) => s === 0);
  let y = x.name;
  if (!isOne) y = g.op('Mul', [y, g.floatConst(`${base}/scale`, channelDims(rank, scale.length), scale)], isZero ? base : `${base}/mul`);
  if (!isZero) y = g.op('Add', [y, g.floatConst(`${base}/offset`, channelDims(rank, shift.length), shift)], base);
  if (y === x.name) y = g.op('Identity', [y], base);
  return y;
}

export const convertRescaling: LayerConverter = (call) => {
  const x = one(call);
  const scale = cfgNumbers(call.config, 'scale') ?? [1];
  const offset = cfgNumbers(call.config, 'offset') ?? [0];
  checkPerChannel(x, scale.length, 'scale');
  checkPerChannel(x, offset.length, 'offset');
  return [affine(call.g, x, scale, offset, call.layer.name)];
};

/**
 * Keras Normalization (EfficientNet's input block): (x - mean) / sqrt(variance), with mean and
 * variance from the layer's weights (mean, variance, count) or, failing that, its config.
 */
export const convertNormalization: LayerConverter = (call) => {
  const x = one(call);
  const axes = cfgNumbers(call.config, 'axis') ?? [-1];
  if (axes.length !== 1 || (axes[0] !== -1 && axes[0] !== x.shape.length - 1)) throw new UnsupportedLayerError('only normalisation over the channel (last) axis is supported');
  const weights = layerWeights(call.layer);
  let mean: ArrayLike<number> | undefined;
  let variance: ArrayLike<number> | undefined;
  if (weights.length >= 2) {
    mean = weights[0].values;
    variance = weights[1].values;
  } else {
    mean = cfgNumbers(call.config, 'mean');
    variance = cfgNumbers(call.config, 'variance');
  }
  if (!mean || !variance || mean.length !== variance.length) throw new UnsupportedLayerError('has no usable mean and variance (weights or config)');
  checkPerChannel(x, mean.length, 'mean');
  const scale = Array.from(variance, (v) => 1 / Math.max(Math.sqrt(v), 1e-7));
  const shift = Array.from(mean, (m, i) => -m * scale[i]);
  return [affine(call.g, x, scale, shift, call.layer.name)];
};

function checkPerChannel(x: Value, n: number, what: string): void {
  const channels = x.shape[x.shape.length - 1];
  if (n !== 1 && n !== channels) throw new UnsupportedLayerError(`${what} has ${n} values for ${channels} channels`);
}
