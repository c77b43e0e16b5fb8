/**
 * Keras's EfficientNetB0 (keras/applications/efficientnet.py), include_top=False. The input is
 * pixels 0..255: the model rescales by 1/255, normalises with its Normalization layer (mean and
 * variance come from the weight file) and, as Keras does for ImageNet weights, rescales again by
 * 1/sqrt(ImageNet std) to undo the variance/std mix-up in the original file
 * (tensorflow/tensorflow#49930). That last layer is always present here.
 */
import { correctPad, KerasGraph } from '../kerasGraph';
import type { SymbolicTensor } from '../tfTypes';

interface BlockArgs {
  kernelSize: number;
  repeats: number;
  filtersIn: number;
  filtersOut: number;
  expandRatio: number;
  strides: number;
}

const BLOCKS: BlockArgs[] = [
  { kernelSize: 3, repeats: 1, filtersIn: 32, filtersOut: 16, expandRatio: 1, strides: 1 },
  { kernelSize: 3, repeats: 2, filtersIn: 16, filtersOut: 24, expandRatio: 6, strides: 2 },
  { kernelSize: 5, repeats: 2, filtersIn: 24, filtersOut: 40, expandRatio: 6, strides: 2 },
  { kernelSize: 3, repeats: 3, filtersIn: 40, filtersOut: 80, expandRatio: 6, strides: 2 },
  { kernelSize: 5, repeats: 3, filtersIn: 80, filtersOut: 112, expandRatio: 6, strides: 1 },
  { kernelSize: 5, repeats: 4, filtersIn: 112, filtersOut: 192, expandRatio: 6, strides: 2 },
  { kernelSize: 3, repeats: 1, filtersIn: 192, filtersOut: 320, expandRatio: 6, strides: 1 },
];

const SE_RATIO = 0.25;
const DROP_CONNECT_RATE = 0.2;
export const IMAGENET_STDDEV_RGB = [0.229, 0.224, 0.225];

function block(g: KerasGraph, inputs: SymbolicTensor, dropRate: number, name: string, a: Omit<BlockArgs, 'repeats'>): SymbolicTensor {
  const filters = a.filtersIn * a.expandRatio;
  let x = inputs;
  if (a.expandRatio !== 1) {
    x = g.conv2d(x, { filters, kernelSize: 1, padding: 'same', useBias: false, name: `${name}expand_conv` });
    x = g.batchNorm(x, { name: `${name}expand_bn` });
    x = g.activation(x, 'swish', `${name}expand_activation`);
  }
  let padding: 'same' | 'valid' = 'same';
  if (a.strides === 2) {
    x = g.zeroPadding(x, correctPad(KerasGraph.size(x), a.kernelSize), `${name}dwconv_pad`);
    padding = 'valid';
  }
  x = g.depthwiseConv2d(x, { kernelSize: a.kernelSize, strides: a.strides, padding, useBias: false, name: `${name}dwconv` });
  x = g.batchNorm(x, { name: `${name}bn` });
  x = g.activation(x, 'swish', `${name}activation`);

  const filtersSe = Math.max(1, Math.trunc(a.filtersIn * SE_RATIO));
  let se = g.globalAvgPool(x, `${name}se_squeeze`);
  se = g.reshape(se, [1, 1, filters], `${name}se_reshape`);
  se = g.conv2d(se, { filters: filtersSe, kernelSize: 1, padding: 'same', activation: 'swish', name: `${name}se_reduce` });
  se = g.conv2d(se, { filters, kernelSize: 1, padding: 'same', activation: 'sigmoid', name: `${name}se_expand` });
  x = g.multiply([x, se], `${name}se_excite`);

  x = g.conv2d(x, { filters: a.filtersOut, kernelSize: 1, padding: 'same', useBias: false, name: `${name}project_conv` });
  x = g.batchNorm(x, { name: `${name}project_bn` });
  if (a.strides === 1 && a.filtersIn === a.filtersOut) {
    if (dropRate > 0) x = g.dropout(x, dropRate, [null, 1, 1, 1], `${name}drop`);
    x = g.addLayer([x, inputs], `${name}add`);
  }
  return x;
}

export function efficientNetB0(g: KerasGraph, input: SymbolicTensor): SymbolicTensor {
  let x = g.rescaling(input, 1 / 255);
  x = g.normalization(x);
  x = g.rescaling(x, IMAGENET_STDDEV_RGB.map((s) => 1 / Math.sqrt(s)));
  x = g.zeroPadding(x, correctPad(KerasGraph.size(x), 3), 'stem_conv_pad');
  x = g.conv2d(x, { filters: 32, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, name: 'stem_conv' });
  x = g.batchNorm(x, { name: 'stem_bn' });
  x = g.activation(x, 'swish', 'stem_activation');

  const total = BLOCKS.reduce((s, b) => s + b.repeats, 0);
  let b = 0;
  BLOCKS.forEach((args, i) => {
    for (let j = 0; j < args.repeats; j++) {
      const a = j > 0 ? { ...args, strides: 1, filtersIn: args.filtersOut } : args;
      x = block(g, x, (DROP_CONNECT_RATE * b) / total, `block${i + 1}${String.fromCharCode(97 + j)}_`, a);
      b++;
    }
  });

  x = g.conv2d(x, { filters: 1280, kernelSize: 1, padding: 'same', useBias: false, name: 'top_conv' });
  x = g.batchNorm(x, { name: 'top_bn' });
  return g.activation(x, 'swish', 'top_activation');
}
