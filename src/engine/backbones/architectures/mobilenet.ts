/** Keras's MobileNet v1 (keras/applications/mobilenet.py), depth_multiplier 1, include_top=False. */
import type { KerasGraph } from '../kerasGraph';
import type { SymbolicTensor } from '../tfTypes';

// [pointwise filters, stride] of blocks 1..13.
const BLOCKS: Array<[number, number]> = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
];

export function mobilenet(g: KerasGraph, input: SymbolicTensor, alpha: number): SymbolicTensor {
  let x = g.conv2d(input, { filters: Math.trunc(32 * alpha), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'conv1' });
  x = g.batchNorm(x, { name: 'conv1_bn' });
  x = g.relu6(x, 'conv1_relu');
  BLOCKS.forEach(([filters, stride], i) => {
    const id = i + 1;
    if (stride !== 1) x = g.zeroPadding(x, [[0, 1], [0, 1]], `conv_pad_${id}`);
    x = g.depthwiseConv2d(x, { kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', useBias: false, name: `conv_dw_${id}` });
    x = g.batchNorm(x, { name: `conv_dw_${id}_bn` });
    x = g.relu6(x, `conv_dw_${id}_relu`);
    x = g.conv2d(x, { filters: Math.trunc(filters * alpha), kernelSize: 1, padding: 'same', useBias: false, name: `conv_pw_${id}` });
    x = g.batchNorm(x, { name: `conv_pw_${id}_bn` });
    x = g.relu6(x, `conv_pw_${id}_relu`);
  });
  return x;
}
