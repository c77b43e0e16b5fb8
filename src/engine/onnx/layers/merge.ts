/** Layers that combine several inputs: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, CustomScaleLayer. */
import { cfgNumber, cfgOptionalNumber } from '../kerasGraph';
import { graphAxis, UnsupportedLayerError, type LayerCall, type LayerConverter } from './context';

/** All inputs must have the same rank: then NCHW broadcasting matches Keras' NHWC broadcasting. */
function sameRank(call: LayerCall, min: number): string[] {
  const { inputs } = call;
  if (inputs.length < min) throw new UnsupportedLayerError(`expects at least ${min} inputs, got ${inputs.length}`);
  const rank = inputs[0].shape.length;
  if (inputs.some((v) => v.shape.length !== rank)) {
    throw new UnsupportedLayerError(`inputs of different ranks (${inputs.map((v) => v.shape.length).join(', ')}) are not supported`);
  }
  return inputs.map((v) => v.name);
}

/** Folds a binary op over the inputs, naming the last node after the layer. */
function chain(call: LayerCall, opType: string, names: string[]): string {
  let acc = names[0];
  for (let i = 1; i < names.length; i++) {
    acc = call.g.op(opType, [acc, names[i]], i === names.length - 1 ? call.layer.name : `${call.layer.name}/${i}`);
  }
  return acc;
}

export const convertAdd: LayerConverter = (call) => [chain(call, 'Add', sameRank(call, 2))];
export const convertMultiply: LayerConverter = (call) => [chain(call, 'Mul', sameRank(call, 2))];
export const convertMaximum: LayerConverter = (call) => [call.g.op('Max', sameRank(call, 2), call.layer.name)];
export const convertMinimum: LayerConverter = (call) => [call.g.op('Min', sameRank(call, 2), call.layer.name)];

export const convertSubtract: LayerConverter = (call) => {
  const names = sameRank(call, 2);
  if (names.length !== 2) throw new UnsupportedLayerError(`expects exactly 2 inputs, got ${names.length}`);
  return [call.g.op('Sub', names, call.layer.name)];
};

export const convertAverage: LayerConverter = (call) => {
  const names = sameRank(call, 2);
  const sum = call.g.op('Sum', names, `${call.layer.name}/sum`);
  return [call.g.op('Mul', [sum, call.g.floatConst('inv_n', [], [1 / names.length])], call.layer.name)];
};

export const convertConcatenate: LayerConverter = (call) => {
  const names = sameRank(call, 1);
  const axis = graphAxis(cfgNumber(call.config, 'axis', -1), call.inputs[0].shape.length);
  return [call.g.op('Concat', names, call.layer.name, [{ name: 'axis', i: axis }])];
};

/** InceptionResNetV2's scaled residual: inputs[0] + inputs[1] * scale. */
export const convertCustomScaleLayer: LayerConverter = (call) => {
  const [x, residual] = sameRank(call, 2);
  if (call.inputs.length !== 2) throw new UnsupportedLayerError(`expects exactly 2 inputs, got ${call.inputs.length}`);
  const fromProperty = (call.layer as unknown as { scale?: unknown }).scale;
  const scale = cfgOptionalNumber(call.config, 'scale') ?? (typeof fromProperty === 'number' ? fromProperty : undefined);
  if (scale === undefined) throw new UnsupportedLayerError('has no numeric scale in its config');
  const scaled = call.g.op('Mul', [residual, call.g.floatConst('scale', [], [scale])], `${call.layer.name}/scaled`);
  return [call.g.op('Add', [x, scaled], call.layer.name)];
};
