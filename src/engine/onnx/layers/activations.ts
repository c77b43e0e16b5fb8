/** Keras activations (as named in tfjs and Keras configs) and the activation layers. */
import type { GraphBuilder } from '../graphBuilder';
import { cfgNumber, cfgOptionalNumber, cfgString } from '../kerasGraph';
import { graphAxis, one, UnsupportedLayerError, type LayerConverter } from './context';

/** 'hardSigmoid', 'hard_sigmoid' -> 'hardsigmoid'. */
export function activationKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

export const ACTIVATIONS = [
  'linear', 'relu', 'relu6', 'sigmoid', 'hardsigmoid', 'tanh', 'swish', 'silu', 'elu', 'selu', 'gelu', 'gelunew',
  'softmax', 'logsoftmax', 'softplus', 'softsign', 'mish', 'exponential',
] as const;

/** Emits the activation `name` on value `x` of the given rank; 'linear' returns x unchanged. */
export function emitActivation(g: GraphBuilder, name: string, x: string, rank: number, base: string): string {
  const key = activationKey(name);
  switch (key) {
    case 'linear':
      return x;
    case 'relu':
      return g.op('Relu', [x], base);
    case 'relu6':
      return clip(g, x, 0, 6, base);
    case 'sigmoid':
      return g.op('Sigmoid', [x], base);
    case 'hardsigmoid': // tfjs: clip(0.2 x + 0.5, 0, 1)
      return g.op('HardSigmoid', [x], base, [{ name: 'alpha', f: 0.2 }, { name: 'beta', f: 0.5 }]);
    case 'tanh':
      return g.op('Tanh', [x], base);
    case 'swish':
    case 'silu':
      return g.op('Mul', [x, g.op('Sigmoid', [x], `${base}/sigmoid`)], base);
    case 'elu':
      return g.op('Elu', [x], base, [{ name: 'alpha', f: 1 }]);
    case 'selu':
      return g.op('Selu', [x], base, [{ name: 'alpha', f: 1.6732632423543772 }, { name: 'gamma', f: 1.0507009873554805 }]);
    case 'gelu': {
      // 0.5 x (1 + erf(x / sqrt 2)); ONNX Gelu needs opset 20.
      const erf = g.op('Erf', [g.op('Mul', [x, g.floatConst('inv_sqrt2', [], [Math.SQRT1_2])], `${base}/scaled`)], `${base}/erf`);
      const cdf = g.op('Mul', [g.op('Add', [erf, g.floatConst('one', [], [1])], `${base}/plus1`), g.floatConst('half', [], [0.5])], `${base}/cdf`);
      return g.op('Mul', [x, cdf], base);
    }
    case 'gelunew': {
      // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
      const cube = g.op('Mul', [x, g.op('Mul', [x, x], `${base}/sq`)], `${base}/cube`);
      const inner = g.op('Add', [x, g.op('Mul', [cube, g.floatConst('c', [], [0.044715])], `${base}/c3`)], `${base}/inner`);
      const t = g.op('Tanh', [g.op('Mul', [inner, g.floatConst('k', [], [Math.sqrt(2 / Math.PI)])], `${base}/k`)], `${base}/tanh`);
      const cdf = g.op('Mul', [g.op('Add', [t, g.floatConst('one', [], [1])], `${base}/plus1`), g.floatConst('half', [], [0.5])], `${base}/cdf`);
      return g.op('Mul', [x, cdf], base);
    }
    case 'softmax':
      return g.op('Softmax', [x], base, [{ name: 'axis', i: graphAxis(-1, rank) }]);
    case 'logsoftmax':
      return g.op('LogSoftmax', [x], base, [{ name: 'axis', i: graphAxis(-1, rank) }]);
    case 'softplus':
      return g.op('Softplus', [x], base);
    case 'softsign':
      return g.op('Softsign', [x], base);
    case 'mish':
      return g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x], `${base}/softplus`)], `${base}/tanh`)], base);
    case 'exponential':
      return g.op('Exp', [x], base);
    default:
      throw new UnsupportedLayerError(`activation '${name}' is not supported`);
  }
}

export function clip(g: GraphBuilder, x: string, min: number | undefined, max: number | undefined, base: string): string {
  const lo = min === undefined ? '' : g.floatConst('clip_min', [], [min]);
  const hi = max === undefined ? '' : g.floatConst('clip_max', [], [max]);
  const inputs = hi ? [x, lo, hi] : [x, lo];
  return g.op('Clip', inputs, base);
}

export const convertActivation: LayerConverter = (call) => {
  const x = one(call);
  return [emitActivation(call.g, cfgString(call.config, 'activation'), x.name, x.shape.length, call.layer.name)];
};

/** Keras ReLU: x >= threshold ? min(x, max_value) : negative_slope * (x - threshold). */
export const convertReLU: LayerConverter = (call) => {
  const { g, config, layer } = call;
  const x = one(call).name;
  const max = cfgOptionalNumber(config, 'maxValue');
  const slope = cfgNumber(config, 'negativeSlope', 0);
  const threshold = cfgNumber(config, 'threshold', 0);
  const base = layer.name;
  if (slope === 0 && threshold === 0) return [max === undefined ? g.op('Relu', [x], base) : clip(g, x, 0, max, base)];
  let y: string;
  if (threshold === 0) {
    y = g.op('LeakyRelu', [x], max === undefined ? base : `${base}/leaky`, [{ name: 'alpha', f: slope }]);
  } else {
    const t = g.floatConst('threshold', [], [threshold]);
    const below = g.op('Mul', [g.op('Sub', [x, t], `${base}/shift`), g.floatConst('slope', [], [slope])], `${base}/below`);
    const keep = g.op('GreaterOrEqual', [x, t], `${base}/keep`);
    y = g.op('Where', [keep, x, below], max === undefined ? base : `${base}/where`);
  }
  return [max === undefined ? y : g.op('Min', [y, g.floatConst('max', [], [max])], base)];
};

export const convertLeakyReLU: LayerConverter = (call) => {
  const alpha = cfgNumber(call.config, 'alpha', 0.3);
  return [call.g.op('LeakyRelu', [one(call).name], call.layer.name, [{ name: 'alpha', f: alpha }])];
};

export const convertELU: LayerConverter = (call) => {
  const alpha = cfgNumber(call.config, 'alpha', 1);
  return [call.g.op('Elu', [one(call).name], call.layer.name, [{ name: 'alpha', f: alpha }])];
};

export const convertThresholdedReLU: LayerConverter = (call) => {
  const theta = cfgNumber(call.config, 'theta', 1);
  return [call.g.op('ThresholdedRelu', [one(call).name], call.layer.name, [{ name: 'alpha', f: theta }])];
};

export const convertSoftmax: LayerConverter = (call) => {
  const x = one(call);
  const axis = cfgNumber(call.config, 'axis', -1);
  return [call.g.op('Softmax', [x.name], call.layer.name, [{ name: 'axis', i: graphAxis(axis, x.shape.length) }])];
};
