/**
 * What a layer converter gets and returns. Inside the graph every rank-4 tensor is NCHW (Keras: NHWC);
 * other ranks keep Keras' order. Shapes are always Keras shapes (batch first, channels last).
 */
import type { GraphBuilder } from '../graphBuilder';
import type { Config, KLayer, Shape } from '../kerasGraph';

export interface Value {
  /** The ONNX value name. */
  name: string;
  /** Keras shape, batch first (null); rank-4 values are NCHW in the graph. */
  shape: Shape;
}

export interface LayerCall {
  g: GraphBuilder;
  layer: KLayer;
  config: Config;
  inputs: Value[];
  /** Keras shapes of the outputs, as tfjs computed them. */
  outputShapes: Shape[];
  /** A BatchNormalization layer that directly follows this one and is folded into its weights. */
  foldBatchNorm?: KLayer;
}

/** Converts one layer call; returns one ONNX value name per output. */
export type LayerConverter = (call: LayerCall) => string[];

/** Thrown for a layer configuration the exporter does not handle; the walker turns it into an EngineError. */
export class UnsupportedLayerError extends Error {}

export function one(call: LayerCall): Value {
  if (call.inputs.length !== 1) throw new UnsupportedLayerError(`expects one input, got ${call.inputs.length}`);
  return call.inputs[0];
}

export function staticDims(shape: Shape, what: string): number[] {
  const dims = shape.slice(1);
  if (dims.some((d) => d == null)) throw new UnsupportedLayerError(`${what} has an unknown size (shape [${shape.join(', ')}]); give the model a fixed input size`);
  return dims as number[];
}

/** Keras axis (may be negative) -> axis of the graph tensor. */
export function graphAxis(kerasAxis: number, rank: number): number {
  const a = kerasAxis < 0 ? kerasAxis + rank : kerasAxis;
  if (a < 0 || a >= rank) throw new UnsupportedLayerError(`axis ${kerasAxis} out of range for rank ${rank}`);
  return rank === 4 ? [0, 2, 3, 1][a] : a;
}

/** Shape that broadcasts `n` per-channel values (Keras' last axis) against a value of this rank. */
export function channelDims(rank: number, n: number): number[] {
  if (n === 1) return [1];
  return rank === 4 ? [n, 1, 1] : [n];
}

/** A value whose memory is in Keras (NHWC) order: transposes rank-4 maps unless they are 1x1. */
export function kerasOrder(g: GraphBuilder, v: Value, base: string): string {
  if (v.shape.length !== 4 || (v.shape[1] === 1 && v.shape[2] === 1)) return v.name;
  return g.op('Transpose', [v.name], `${base}/to_nhwc`, [{ name: 'perm', ints: [0, 2, 3, 1] }]);
}

/**
 * Reshapes a value whose memory is in Keras order to a Keras shape; a rank-4 result goes back to NCHW.
 * The batch dimension is copied from the input (0 in an ONNX Reshape).
 */
export function reshapeToKeras(g: GraphBuilder, name: string, shape: Shape, base: string): string {
  const dims = staticDims(shape, base);
  if (dims.length === 3 && dims[0] === 1 && dims[1] === 1) {
    return g.op('Reshape', [name, g.int64Const('shape', [0, dims[2], 1, 1])], base);
  }
  const reshaped = g.op('Reshape', [name, g.int64Const('shape', [0, ...dims])], dims.length === 3 ? `${base}/nhwc` : base);
  if (dims.length !== 3) return reshaped;
  return g.op('Transpose', [reshaped], base, [{ name: 'perm', ints: [0, 3, 1, 2] }]);
}
