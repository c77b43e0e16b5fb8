/** Keras's VGG16 (keras/applications/vgg16.py), include_top=False, pooling=None. */
import type { KerasGraph } from '../kerasGraph';
import type { SymbolicTensor } from '../tfTypes';

const BLOCKS: Array<[filters: number, convs: number]> = [
  [64, 2],
  [128, 2],
  [256, 3],
  [512, 3],
  [512, 3],
];

export function vgg16(g: KerasGraph, input: SymbolicTensor): SymbolicTensor {
  let x = input;
  BLOCKS.forEach(([filters, convs], b) => {
    for (let i = 1; i <= convs; i++) {
      x = g.conv2d(x, { filters, kernelSize: 3, padding: 'same', activation: 'relu', name: `block${b + 1}_conv${i}` });
    }
    x = g.maxPool(x, 2, 2, 'valid', `block${b + 1}_pool`);
  });
  return x;
}
