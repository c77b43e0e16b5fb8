/**
 * TensorFlow's padding arithmetic as static ONNX pads. TF's 'same' puts the odd pixel of padding
 * at the end (bottom/right), which is ONNX's SAME_UPPER; explicit pads keep the graph shape-static.
 */

export type PaddingMode = 'same' | 'valid';

export interface AxisPadding {
  out: number;
  before: number;
  after: number;
}

export function axisPadding(size: number, kernel: number, stride: number, dilation: number, mode: PaddingMode): AxisPadding {
  const effective = (kernel - 1) * dilation + 1;
  if (mode === 'valid') {
    const out = Math.floor((size - effective) / stride) + 1;
    return { out, before: 0, after: 0 };
  }
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

export interface Padding2D {
  out: [number, number];
  /** ONNX order: [top, left, bottom, right]. */
  pads: [number, number, number, number];
}

export function padding2D(
  size: [number, number],
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number],
  mode: PaddingMode,
): Padding2D {
  const h = axisPadding(size[0], kernel[0], strides[0], dilations[0], mode);
  const w = axisPadding(size[1], kernel[1], strides[1], dilations[1], mode);
  return { out: [h.out, w.out], pads: [h.before, w.before, h.after, w.after] };
}
