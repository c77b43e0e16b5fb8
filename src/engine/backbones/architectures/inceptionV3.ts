/**
 * Keras's InceptionV3 (keras/applications/inception_v3.py), include_top=False. The inner
 * convolutions are unnamed in Keras, so their names are generated (conv2d_N, batch_normalization_N,
 * activation_N) in Keras's construction order; keep that order when editing.
 */
import type { KerasGraph } from '../kerasGraph';
import type { SymbolicTensor } from '../tfTypes';

function convBn(g: KerasGraph, x: SymbolicTensor, filters: number, rows: number, cols: number, padding: 'same' | 'valid' = 'same', strides = 1): SymbolicTensor {
  x = g.conv2d(x, { filters, kernelSize: [rows, cols], strides, padding, useBias: false });
  x = g.batchNorm(x, { scale: false });
  return g.activation(x, 'relu');
}

export function inceptionV3(g: KerasGraph, input: SymbolicTensor): SymbolicTensor {
  let x = convBn(g, input, 32, 3, 3, 'valid', 2);
  x = convBn(g, x, 32, 3, 3, 'valid');
  x = convBn(g, x, 64, 3, 3);
  x = g.maxPool(x, 3, 2);
  x = convBn(g, x, 80, 1, 1, 'valid');
  x = convBn(g, x, 192, 3, 3, 'valid');
  x = g.maxPool(x, 3, 2);

  // mixed 0, 1, 2: 35 x 35
  for (const [i, poolFilters] of [32, 64, 64].entries()) {
    const b1 = convBn(g, x, 64, 1, 1);
    let b5 = convBn(g, x, 48, 1, 1);
    b5 = convBn(g, b5, 64, 5, 5);
    let b3 = convBn(g, x, 64, 1, 1);
    b3 = convBn(g, b3, 96, 3, 3);
    b3 = convBn(g, b3, 96, 3, 3);
    let bp = g.avgPool(x, 3, 1, 'same');
    bp = convBn(g, bp, poolFilters, 1, 1);
    x = g.concat([b1, b5, b3, bp], `mixed${i}`);
  }

  // mixed 3: 17 x 17
  {
    const b3 = convBn(g, x, 384, 3, 3, 'valid', 2);
    let bd = convBn(g, x, 64, 1, 1);
    bd = convBn(g, bd, 96, 3, 3);
    bd = convBn(g, bd, 96, 3, 3, 'valid', 2);
    const bp = g.maxPool(x, 3, 2);
    x = g.concat([b3, bd, bp], 'mixed3');
  }

  // mixed 4, 5, 6, 7: 17 x 17
  for (const [i, c] of [128, 160, 160, 192].entries()) {
    const b1 = convBn(g, x, 192, 1, 1);
    let b7 = convBn(g, x, c, 1, 1);
    b7 = convBn(g, b7, c, 1, 7);
    b7 = convBn(g, b7, 192, 7, 1);
    let bd = convBn(g, x, c, 1, 1);
    bd = convBn(g, bd, c, 7, 1);
    bd = convBn(g, bd, c, 1, 7);
    bd = convBn(g, bd, c, 7, 1);
    bd = convBn(g, bd, 192, 1, 7);
    let bp = g.avgPool(x, 3, 1, 'same');
    bp = convBn(g, bp, 192, 1, 1);
    x = g.concat([b1, b7, bd, bp], `mixed${4 + i}`);
  }

  // mixed 8: 8 x 8
  {
    let b3 = convBn(g, x, 192, 1, 1);
    b3 = convBn(g, b3, 320, 3, 3, 'valid', 2);
    let b7 = convBn(g, x, 192, 1, 1);
    b7 = convBn(g, b7, 192, 1, 7);
    b7 = convBn(g, b7, 192, 7, 1);
    b7 = convBn(g, b7, 192, 3, 3, 'valid', 2);
    const bp = g.maxPool(x, 3, 2);
    x = g.concat([b3, b7, bp], 'mixed8');
  }

  // mixed 9, 10: 8 x 8
  for (let i = 0; i < 2; i++) {
    const b1 = convBn(g, x, 320, 1, 1);
    let b3 = convBn(g, x, 384, 1, 1);
    const b3a = convBn(g, b3, 384, 1, 3);
    const b3b = convBn(g, b3, 384, 3, 1);
    b3 = g.concat([b3a, b3b], `mixed9_${i}`);
    let bd = convBn(g, x, 448, 1, 1);
    bd = convBn(g, bd, 384, 3, 3);
    const bda = convBn(g, bd, 384, 1, 3);
    const bdb = convBn(g, bd, 384, 3, 1);
    bd = g.concat([bda, bdb]);
    let bp = g.avgPool(x, 3, 1, 'same');
    bp = convBn(g, bp, 192, 1, 1);
    x = g.concat([b1, b3, bd, bp], `mixed${9 + i}`);
  }
  return x;
}
