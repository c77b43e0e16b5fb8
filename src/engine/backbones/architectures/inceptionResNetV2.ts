/**
 * Keras's InceptionResNetV2 (keras/applications/inception_resnet_v2.py), include_top=False.
 * The scaled residual `x + scale * up` is a CustomScaleLayer named like Keras 2's Lambda
 * (`block35_1`, ...). Unnamed convolutions get generated names in Keras's construction order.
 */
import { KerasGraph } from '../kerasGraph';
import type { SymbolicTensor } from '../tfTypes';

interface ConvBnArgs {
  strides?: number;
  padding?: 'same' | 'valid';
  activation?: 'relu' | null;
  useBias?: boolean;
  name?: string;
}

function convBn(g: KerasGraph, x: SymbolicTensor, filters: number, kernelSize: number | [number, number], a: ConvBnArgs = {}): SymbolicTensor {
  const useBias = a.useBias ?? false;
  x = g.conv2d(x, { filters, kernelSize, strides: a.strides ?? 1, padding: a.padding ?? 'same', useBias, name: a.name });
  if (!useBias) x = g.batchNorm(x, { scale: false, name: a.name ? `${a.name}_bn` : undefined });
  const activation = a.activation === undefined ? 'relu' : a.activation;
  if (activation) x = g.activation(x, activation, a.name ? `${a.name}_ac` : undefined);
  return x;
}

type BlockType = 'block35' | 'block17' | 'block8';

function resnetBlock(g: KerasGraph, x: SymbolicTensor, scale: number, type: BlockType, idx: number, activation: 'relu' | null = 'relu'): SymbolicTensor {
  let branches: SymbolicTensor[];
  if (type === 'block35') {
    const b0 = convBn(g, x, 32, 1);
    let b1 = convBn(g, x, 32, 1);
    b1 = convBn(g, b1, 32, 3);
    let b2 = convBn(g, x, 32, 1);
    b2 = convBn(g, b2, 48, 3);
    b2 = convBn(g, b2, 64, 3);
    branches = [b0, b1, b2];
  } else if (type === 'block17') {
    const b0 = convBn(g, x, 192, 1);
    let b1 = convBn(g, x, 128, 1);
    b1 = convBn(g, b1, 160, [1, 7]);
    b1 = convBn(g, b1, 192, [7, 1]);
    branches = [b0, b1];
  } else {
    const b0 = convBn(g, x, 192, 1);
    let b1 = convBn(g, x, 192, 1);
    b1 = convBn(g, b1, 224, [1, 3]);
    b1 = convBn(g, b1, 256, [3, 1]);
    branches = [b0, b1];
  }
  const name = `${type}_${idx}`;
  const mixed = g.concat(branches, `${name}_mixed`);
  const up = convBn(g, mixed, KerasGraph.channels(x), 1, { activation: null, useBias: true, name: `${name}_conv` });
  x = g.customScale([x, up], scale, name);
  if (activation) x = g.activation(x, activation, `${name}_ac`);
  return x;
}

export function inceptionResNetV2(g: KerasGraph, input: SymbolicTensor): SymbolicTensor {
  // Stem: 35 x 35 x 192
  let x = convBn(g, input, 32, 3, { strides: 2, padding: 'valid' });
  x = convBn(g, x, 32, 3, { padding: 'valid' });
  x = convBn(g, x, 64, 3);
  x = g.maxPool(x, 3, 2);
  x = convBn(g, x, 80, 1, { padding: 'valid' });
  x = convBn(g, x, 192, 3, { padding: 'valid' });
  x = g.maxPool(x, 3, 2);

  // Mixed 5b (Inception-A): 35 x 35 x 320
  {
    const b0 = convBn(g, x, 96, 1);
    let b1 = convBn(g, x, 48, 1);
    b1 = convBn(g, b1, 64, 5);
    let b2 = convBn(g, x, 64, 1);
    b2 = convBn(g, b2, 96, 3);
    b2 = convBn(g, b2, 96, 3);
    let bp = g.avgPool(x, 3, 1, 'same');
    bp = convBn(g, bp, 64, 1);
    x = g.concat([b0, b1, b2, bp], 'mixed_5b');
  }
  for (let i = 1; i <= 10; i++) x = resnetBlock(g, x, 0.17, 'block35', i);

  // Mixed 6a (Reduction-A): 17 x 17 x 1088
  {
    const b0 = convBn(g, x, 384, 3, { strides: 2, padding: 'valid' });
    let b1 = convBn(g, x, 256, 1);
    b1 = convBn(g, b1, 256, 3);
    b1 = convBn(g, b1, 384, 3, { strides: 2, padding: 'valid' });
    const bp = g.maxPool(x, 3, 2);
    x = g.concat([b0, b1, bp], 'mixed_6a');
  }
  for (let i = 1; i <= 20; i++) x = resnetBlock(g, x, 0.1, 'block17', i);

  // Mixed 7a (Reduction-B): 8 x 8 x 2080
  {
    let b0 = convBn(g, x, 256, 1);
    b0 = convBn(g, b0, 384, 3, { strides: 2, padding: 'valid' });
    let b1 = convBn(g, x, 256, 1);
    b1 = convBn(g, b1, 288, 3, { strides: 2, padding: 'valid' });
    let b2 = convBn(g, x, 256, 1);
    b2 = convBn(g, b2, 288, 3);
    b2 = convBn(g, b2, 320, 3, { strides: 2, padding: 'valid' });
    const bp = g.maxPool(x, 3, 2);
    x = g.concat([b0, b1, b2, bp], 'mixed_7a');
  }
  for (let i = 1; i <= 9; i++) x = resnetBlock(g, x, 0.2, 'block8', i);
  x = resnetBlock(g, x, 1.0, 'block8', 10, null);

  // Final convolution block: 8 x 8 x 1536
  return convBn(g, x, 1536, 1, { name: 'conv_7b' });
}
