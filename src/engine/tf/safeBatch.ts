/**
 * Batch sizes that fit WebGPU's buffer limits. tfjs on WebGPU gives NaN without any error when one
 * tensor's buffer exceeds the adapter's maxStorageBufferBindingSize (software GL: 128 MiB, which
 * MobileNetV2 at 224x224 passes at batch 32), so the engine keeps every buffer under it.
 *
 * The estimate: every layer's inputs and outputs (activations, and their gradients when training,
 * which have the same shapes) scale with the batch; weights and optimizer slots do not. tfjs' webgpu
 * kernels allocate nothing larger than their inputs and outputs, except im2col for convolutions, which
 * it uses only when the output is tiny (at most 16 workgroups of 32x32 outputs), so it is left out.
 */
import type { LayersModel } from '@tensorflow/tfjs';

export interface BufferLimits {
  /** GPUAdapter.limits.maxStorageBufferBindingSize, in bytes. */
  maxStorageBufferBindingSize: number;
  /** GPUAdapter.limits.maxBufferSize, in bytes. */
  maxBufferSize?: number;
}

export interface BufferEstimate {
  /** Bytes of the largest batch-dependent buffer, per example. */
  perExampleBytes: number;
  /** The layer (and whether its input or output) holding that buffer. */
  largestActivation: string;
  /** Bytes of the largest weight tensor (independent of the batch). */
  largestWeightBytes: number;
  largestWeight: string;
}

type Shape = Array<number | null>;

/** The slice of a tfjs layer this walk reads (internal fields of tfjs-layers 4.x). */
interface LayerLike {
  name: string;
  getClassName(): string;
  computeOutputShape(input: Shape | Shape[]): Shape | Shape[];
  weights: Array<{ name: string; shape: Shape }>;
  layers?: LayerLike[];
  inputLayers?: LayerLike[];
  outputLayers?: LayerLike[];
  outputLayersNodeIndices?: number[];
  outputLayersTensorIndices?: number[];
  nodesByDepth?: Record<string, NodeLike[]>;
  inboundNodes?: NodeLike[];
}

interface NodeLike {
  outboundLayer: LayerLike;
  inboundLayers: LayerLike[];
  nodeIndices: number[];
  tensorIndices: number[];
}

const FLOAT_BYTES = 4;

/** Walks every leaf layer of the model (nested models included) with the given input shape. */
export function estimateBuffers(model: LayersModel, inputShape: number[]): BufferEstimate {
  const estimate: BufferEstimate = { perExampleBytes: 0, largestActivation: 'input', largestWeightBytes: 0, largestWeight: '' };
  const note = (where: string, shape: Shape): void => {
    const bytes = perExample(shape, where) * FLOAT_BYTES;
    if (bytes > estimate.perExampleBytes) Object.assign(estimate, { perExampleBytes: bytes, largestActivation: where });
  };
  const visitLeaf = (layer: LayerLike, inputs: Shape[], outputs: Shape[]): void => {
    inputs.forEach((s) => note(`${layer.name} input`, s));
    outputs.forEach((s) => note(`${layer.name} output`, s));
    for (const w of layer.weights) {
      const bytes = w.shape.reduce<number>((a, d) => a * (d ?? 0), 1) * FLOAT_BYTES;
      if (bytes > estimate.largestWeightBytes) Object.assign(estimate, { largestWeightBytes: bytes, largestWeight: w.name });
    }
  };
  const input: Shape = [null, ...inputShape];
  note('input', input);
  walk(model as unknown as LayerLike, [input], visitLeaf);
  return estimate;
}

/**
 * The largest batch whose every buffer stays within the limits (0 when not even one example fits,
 * or a weight alone is too large), capped at `cap`.
 */
export function maxSafeBatch(model: LayersModel, inputShape: number[], limits: BufferLimits, cap = Number.MAX_SAFE_INTEGER): number {
  const limit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize ?? Infinity);
  const estimate = estimateBuffers(model, inputShape);
  if (estimate.largestWeightBytes > limit || estimate.perExampleBytes === 0) return estimate.perExampleBytes === 0 ? cap : 0;
  return Math.min(cap, Math.floor(limit / estimate.perExampleBytes));
}

function perExample(shape: Shape, where: string): number {
  let n = 1;
  for (let i = 1; i < shape.length; i++) {
    const d = shape[i];
    if (d == null) throw new Error(`Can't size the buffers: ${where} has an unknown dimension (shape [${shape.map(String).join(', ')}]).`);
    n *= d;
  }
  return n;
}

type Visit = (layer: LayerLike, inputs: Shape[], outputs: Shape[]) => void;

/** Computes a layer's output shapes from its input shapes, visiting every leaf layer inside it. */
function walk(layer: LayerLike, inputs: Shape[], visit: Visit): Shape[] {
  if (layer.getClassName() === 'Sequential' && layer.layers) {
    let shapes = inputs;
    for (const inner of layer.layers) shapes = walk(inner, shapes, visit);
    return shapes;
  }
  if (layer.nodesByDepth && layer.inputLayers?.length) return walkFunctional(layer, inputs, visit);
  const out = layer.computeOutputShape(inputs.length === 1 ? inputs[0] : inputs);
  const outputs = isShapeList(out) ? out : [out];
  visit(layer, inputs, outputs);
  return outputs;
}

/** The same traversal as tfjs' Container.computeOutputShape, recursing into nested models. */
function walkFunctional(model: LayerLike, inputs: Shape[], visit: Visit): Shape[] {
  const shapes = new Map<string, Shape>();
  model.inputLayers!.forEach((layer, i) => shapes.set(`${layer.name}_0_0`, inputs[i]));
  const inputIds = new Set(model.inputLayers!.map((l) => l.name));
  const depths = Object.keys(model.nodesByDepth!).map(Number).sort((a, b) => b - a);
  for (const depth of depths) {
    for (const node of model.nodesByDepth![depth]) {
      const layer = node.outboundLayer;
      if (inputIds.has(layer.name)) continue;
      const nodeInputs = node.inboundLayers.map((inbound, j) => {
        const shape = shapes.get(`${inbound.name}_${node.nodeIndices[j]}_${node.tensorIndices[j]}`);
        if (!shape) throw new Error(`Can't size the buffers: no shape for the input of ${layer.name}.`);
        return shape;
      });
      const outputs = walk(layer, nodeInputs, visit);
      const nodeIndex = layer.inboundNodes?.indexOf(node) ?? 0;
      outputs.forEach((s, j) => shapes.set(`${layer.name}_${nodeIndex}_${j}`, s));
    }
  }
  return model.outputLayers!.map((layer, i) => {
    const shape = shapes.get(`${layer.name}_${model.outputLayersNodeIndices![i]}_${model.outputLayersTensorIndices![i]}`);
    if (!shape) throw new Error(`Can't size the buffers: no shape for the output ${layer.name}.`);
    return shape;
  });
}

function isShapeList(value: Shape | Shape[]): value is Shape[] {
  return Array.isArray(value[0]);
}
