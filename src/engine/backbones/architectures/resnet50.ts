/** Keras's ResNet50 (keras/applications/resnet.py, ResNet v1 with biases), include_top=False. */
import type { KerasGraph } from '../kerasGraph';
import type { SymbolicTensor } from '../tfTypes';

const EPS = 1.001e-5;

function block(g: KerasGraph, x: SymbolicTensor, filters: number, stride: number, convShortcut: boolean, name: string): SymbolicTensor {
  let shortcut = x;
  if (convShortcut) {
    shortcut = g.conv2d(x, { filters: 4 * filters, kernelSize: 1, strides: stride, name: `${name}_0_conv` });
    shortcut = g.batchNorm(shortcut, { epsilon: EPS, name: `${name}_0_bn` });
  }
  let y = g.conv2d(x, { filters, kernelSize: 1, strides: stride, name: `${name}_1_conv` });
  y = g.batchNorm(y, { epsilon: EPS, name: `${name}_1_bn` });
  y = g.activation(y, 'relu', `${name}_1_relu`);
  y = g.conv2d(y, { filters, kernelSize: 3, padding: 'same', name: `${name}_2_conv` });
  y = g.batchNorm(y, { epsilon: EPS, name: `${name}_2_bn` });
  y = g.activation(y, 'relu', `${name}_2_relu`);
  y = g.conv2d(y, { filters: 4 * filters, kernelSize: 1, name: `${name}_3_conv` });
  y = g.batchNorm(y, { epsilon: EPS, name: `${name}_3_bn` });
  y = g.addLayer([shortcut, y], `${name}_add`);
  return g.activation(y, 'relu', `${name}_out`);
}

function stack(g: KerasGraph, x: SymbolicTensor, filters: number, blocks: number, stride1: number, name: string): SymbolicTensor {
  x = block(g, x, filters, stride1, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) x = block(g, x, filters, 1, false, `${name}_block${i}`);
  return x;
}

export function resnet50(g: KerasGraph, input: SymbolicTensor): SymbolicTensor {
  let x = g.zeroPadding(input, [[3, 3], [3, 3]], 'conv1_pad');
  x = g.conv2d(x, { filters: 64, kernelSize: 7, strides: 2, name: 'conv1_conv' });
  x = g.batchNorm(x, { epsilon: EPS, name: 'conv1_bn' });
  x = g.activation(x, 'relu', 'conv1_relu');
  x = g.zeroPadding(x, [[1, 1], [1, 1]], 'pool1_pad');
  x = g.maxPool(x, 3, 2, 'valid', 'pool1_pool');
  x = stack(g, x, 64, 3, 1, 'conv2');
  x = stack(g, x, 128, 4, 2, 'conv3');
  x = stack(g, x, 256, 6, 2, 'conv4');
  return stack(g, x, 512, 3, 2, 'conv5');
}
