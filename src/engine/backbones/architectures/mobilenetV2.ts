/** Keras's MobileNetV2 (keras/applications/mobilenet_v2.py), include_top=False. */
import { correctPad, KerasGraph } from '../kerasGraph';
import type { SymbolicTensor } from '../tfTypes';

/** Keras's _make_divisible: round to a multiple of `divisor`, never more than 10 % down. */
export function makeDivisible(v: number, divisor = 8): number {
  let n = Math.max(divisor, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (n < 0.9 * v) n += divisor;
  return n;
}

// [filters, stride, expansion] of blocks 0..16.
const BLOCKS: Array<[number, number, number]> = [
  [16, 1, 1],
  [24, 2, 6], [24, 1, 6],
  [32, 2, 6], [32, 1, 6], [32, 1, 6],
  [64, 2, 6], [64, 1, 6], [64, 1, 6], [64, 1, 6],
  [96, 1, 6], [96, 1, 6], [96, 1, 6],
  [160, 2, 6], [160, 1, 6], [160, 1, 6],
  [320, 1, 6],
];

const BN = { epsilon: 1e-3, momentum: 0.999 };

function invertedResBlock(g: KerasGraph, inputs: SymbolicTensor, expansion: number, stride: number, alpha: number, filters: number, id: number): SymbolicTensor {
  const inChannels = KerasGraph.channels(inputs);
  const pointwise = makeDivisible(Math.trunc(filters * alpha), 8);
  let x = inputs;
  let prefix = `block_${id}_`;
  if (id) {
    x = g.conv2d(x, { filters: expansion * inChannels, kernelSize: 1, padding: 'same', useBias: false, name: `${prefix}expand` });
    x = g.batchNorm(x, { ...BN, name: `${prefix}expand_BN` });
    x = g.relu6(x, `${prefix}expand_relu`);
  } else {
    prefix = 'expanded_conv_';
  }
  if (stride === 2) x = g.zeroPadding(x, correctPad(KerasGraph.size(x), 3), `${prefix}pad`);
  x = g.depthwiseConv2d(x, { kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', useBias: false, name: `${prefix}depthwise` });
  x = g.batchNorm(x, { ...BN, name: `${prefix}depthwise_BN` });
  x = g.relu6(x, `${prefix}depthwise_relu`);
  x = g.conv2d(x, { filters: pointwise, kernelSize: 1, padding: 'same', useBias: false, name: `${prefix}project` });
  x = g.batchNorm(x, { ...BN, name: `${prefix}project_BN` });
  if (inChannels === pointwise && stride === 1) return g.addLayer([inputs, x], `${prefix}add`);
  return x;
}

export function mobilenetV2(g: KerasGraph, input: SymbolicTensor, alpha: number): SymbolicTensor {
  let x = g.conv2d(input, { filters: makeDivisible(32 * alpha, 8), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'Conv1' });
  x = g.batchNorm(x, { ...BN, name: 'bn_Conv1' });
  x = g.relu6(x, 'Conv1_relu');
  BLOCKS.forEach(([filters, stride, expansion], id) => {
    x = invertedResBlock(g, x, expansion, stride, alpha, filters, id);
  });
  const last = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = g.conv2d(x, { filters: last, kernelSize: 1, useBias: false, name: 'Conv_1' });
  x = g.batchNorm(x, { ...BN, name: 'Conv_1_bn' });
  return g.relu6(x, 'out_relu');
}
