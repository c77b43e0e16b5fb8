/**
 * Exports a tf.LayersModel (a Keras functional graph built with tf.layers) to an ONNX model that
 * takes NHWC float32 RGB 0..255 pixels ("pixels", [N, h, w, 3]), applies the backbone's
 * preprocessing, runs in NCHW, and returns the NHWC feature map ("features", [N, fh, fw, c]),
 * the same numbers as model.predict(preprocess(pixels)).
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { Preprocessing } from '../../shared/config/architectures';
import { EngineError } from '../errors';
import { isIdentityAffine, preprocessingAffine } from '../features/preprocessing';
import { ENGINE_VERSION } from '../version';
import { GraphBuilder } from './graphBuilder';
import { isModelLayer, type KLayer, type KModel, type KNode, type KSymbolicTensor } from './kerasGraph';
import { UnsupportedLayerError, type Value } from './layers/context';
import { isChannelBatchNorm } from './layers/normalization';
import { BATCH_NORM_FOLDABLE, LAYER_CONVERTERS } from './layers/registry';
import { encodeModel, TENSOR_FLOAT } from './onnxProto';

export const ONNX_INPUT = 'pixels';
export const ONNX_OUTPUT = 'features';
export const ONNX_OPSET = 17;
const IR_VERSION = 8;

export const ONNX_FALLBACK_HINT = 'Set CATS_DOGS_EXTRACTOR=tfjs to use the TensorFlow.js extractor instead (slower on CPU).';

export interface OnnxExportOptions {
  preprocessing: Preprocessing;
  /** A fixed batch size, or 'dynamic' (the default) for any batch. */
  batch?: number | 'dynamic';
}

export function exportToOnnx(model: LayersModel, opts: OnnxExportOptions): Uint8Array {
  const m = model as unknown as KModel;
  if (m.inputs.length !== 1 || m.outputs.length !== 1) {
    throw new EngineError('backend', `cannot export a model with ${m.inputs.length} inputs and ${m.outputs.length} outputs to ONNX (one of each is needed)`, ONNX_FALLBACK_HINT);
  }
  const inShape = m.inputs[0].shape;
  if (inShape.length !== 4 || inShape[3] !== 3 || inShape[1] == null || inShape[2] == null) {
    throw new EngineError('backend', `cannot export a model whose input shape is [${inShape.join(', ')}] to ONNX: expected [null, height, width, 3]`, ONNX_FALLBACK_HINT);
  }
  const outShape = m.outputs[0].shape;
  if (outShape.slice(1).some((d) => d == null)) {
    throw new EngineError('backend', `cannot export a model whose output shape is [${outShape.join(', ')}] to ONNX: every size but the batch must be known`, ONNX_FALLBACK_HINT);
  }
  const batch = opts.batch ?? 'dynamic';
  if (batch !== 'dynamic' && !(Number.isInteger(batch) && batch > 0)) throw new Error(`batch must be a positive integer or 'dynamic', got ${batch}`);

  const g = new GraphBuilder();
  g.reserve(ONNX_INPUT);
  g.reserve(ONNX_OUTPUT);
  const pixels = emitPreprocessing(g, opts.preprocessing);
  const [features] = convertGraph(g, m, [{ name: pixels, shape: inShape }]);
  const last = features.shape.length === 4
    ? { opType: 'Transpose', attributes: [{ name: 'perm', ints: [0, 2, 3, 1] }] }
    : { opType: 'Identity', attributes: [] };
  g.nodes.push({ ...last, inputs: [features.name], outputs: [ONNX_OUTPUT], name: ONNX_OUTPUT });

  const n = batch === 'dynamic' ? 'N' : batch;
  return encodeModel({
    irVersion: IR_VERSION,
    opsetImports: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'cats-vs-dogs-lab',
    producerVersion: ENGINE_VERSION,
    docString: `${model.name}: preprocessing ${opts.preprocessing}, NHWC in and out`,
    graph: {
      name: model.name || 'backbone',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: ONNX_INPUT, elemType: TENSOR_FLOAT, shape: [n, inShape[1], inShape[2], 3] }],
      outputs: [{ name: ONNX_OUTPUT, elemType: TENSOR_FLOAT, shape: [n, ...(outShape.slice(1) as number[])] }],
    },
  });
}

/** Preprocessing on the NHWC input, then one transpose to NCHW. */
function emitPreprocessing(g: GraphBuilder, mode: Preprocessing): string {
  const a = preprocessingAffine(mode);
  let x = ONNX_INPUT;
  if (!isIdentityAffine(a)) {
    if (a.bgr) x = g.op('Gather', [x, g.int64Const('bgr', [2, 1, 0])], 'preprocess/bgr', [{ name: 'axis', i: 3 }]);
    if (a.scale.some((s) => s !== 1)) x = g.op('Mul', [x, g.floatConst('preprocess/scale', [3], a.scale)], 'preprocess/scale');
    if (a.offset.some((o) => o !== 0)) x = g.op('Add', [x, g.floatConst('preprocess/offset', [3], a.offset)], 'preprocess/offset');
  }
  return g.op('Transpose', [x], 'to_nchw', [{ name: 'perm', ints: [0, 3, 1, 2] }]);
}

/** The node that produced a symbolic tensor. */
function producer(t: KSymbolicTensor): KNode {
  const node = t.sourceLayer.inboundNodes[t.nodeIndex];
  if (!node) throw new Error(`no node ${t.nodeIndex} on layer ${t.sourceLayer.name}`);
  return node;
}

/** The nodes between the model's inputs and its outputs, each after the nodes it reads from. */
export function topologicalNodes(model: KModel): KNode[] {
  const inputIds = new Set(model.inputs.map((t) => t.id));
  const order: KNode[] = [];
  const done = new Set<KNode>();
  const onStack = new Set<KNode>();
  const stack: { node: KNode; next: number }[] = [];
  const visit = (t: KSymbolicTensor): void => {
    if (inputIds.has(t.id)) return;
    const node = producer(t);
    if (done.has(node)) return;
    if (onStack.has(node)) throw new Error(`cycle through layer ${node.outboundLayer.name}`);
    if (node.inputTensors.length === 0) {
      throw new UnsupportedLayerError(`layer ${node.outboundLayer.name} is an input the model does not declare`);
    }
    onStack.add(node);
    stack.push({ node, next: 0 });
  };
  for (const out of model.outputs) {
    visit(out);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.node.inputTensors.length) {
        visit(top.node.inputTensors[top.next++]);
      } else {
        stack.pop();
        onStack.delete(top.node);
        done.add(top.node);
        order.push(top.node);
      }
    }
  }
  return order;
}

/** Converts a (possibly nested) model's graph given values for its inputs; returns values for its outputs. */
function convertGraph(g: GraphBuilder, model: KModel, inputs: Value[]): Value[] {
  const values = new Map<number, Value>();
  model.inputs.forEach((t, i) => values.set(t.id, inputs[i]));
  const order = topologicalNodes(model);
  const consumers = new Map<number, KNode[]>();
  for (const node of order) {
    for (const t of node.inputTensors) consumers.set(t.id, [...(consumers.get(t.id) ?? []), node]);
  }
  const outputIds = new Set(model.outputs.map((t) => t.id));
  const folded = new Set<KNode>();

  for (const node of order) {
    const layer = node.outboundLayer;
    const inValues = node.inputTensors.map((t) => {
      const v = values.get(t.id);
      if (!v) throw new Error(`internal: no value for the input of ${layer.name}`);
      return v;
    });
    if (folded.has(node)) {
      values.set(node.outputTensors[0].id, inValues[0]);
      continue;
    }
    let outs: Value[];
    if (isModelLayer(layer)) {
      outs = convertGraph(g, layer, inValues);
    } else {
      const foldBatchNorm = batchNormToFold(node, consumers, outputIds);
      if (foldBatchNorm) folded.add(foldBatchNorm);
      const names = convertLayer(g, layer, inValues, node, foldBatchNorm?.outboundLayer);
      outs = names.map((name, i) => ({ name, shape: node.outputTensors[i].shape }));
    }
    if (outs.length !== node.outputTensors.length) throw new Error(`internal: ${layer.name} gave ${outs.length} outputs for ${node.outputTensors.length}`);
    node.outputTensors.forEach((t, i) => values.set(t.id, outs[i]));
  }
  return model.outputs.map((t) => {
    const v = values.get(t.id);
    if (!v) throw new Error(`internal: no value for output ${t.sourceLayer.name}`);
    return v;
  });
}

/** The BatchNormalization node to fold into this node's weights, if it is the only reader of a linear conv/dense output. */
function batchNormToFold(node: KNode, consumers: Map<number, KNode[]>, outputIds: Set<number>): KNode | undefined {
  const layer = node.outboundLayer;
  if (!BATCH_NORM_FOLDABLE.has(layer.getClassName()) || node.outputTensors.length !== 1) return undefined;
  const out = node.outputTensors[0];
  const readers = consumers.get(out.id) ?? [];
  if (readers.length !== 1 || outputIds.has(out.id)) return undefined;
  const bn = readers[0];
  if (bn.outboundLayer.getClassName() !== 'BatchNormalization' || bn.inputTensors.length !== 1) return undefined;
  const activation = String(layer.getConfig().activation ?? 'linear');
  if (activation !== 'linear') return undefined;
  if (!isChannelBatchNorm(bn.outboundLayer.getConfig(), out.shape.length)) return undefined;
  return bn;
}

function convertLayer(g: GraphBuilder, layer: KLayer, inputs: Value[], node: KNode, foldBatchNorm: KLayer | undefined): string[] {
  const cls = layer.getClassName();
  const converter = LAYER_CONVERTERS[cls];
  if (!converter) {
    throw new EngineError('backend', `cannot export layer ${layer.name} of class ${cls} to ONNX`, ONNX_FALLBACK_HINT);
  }
  try {
    return converter({ g, layer, config: layer.getConfig(), inputs, outputShapes: node.outputTensors.map((t) => t.shape), foldBatchNorm });
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new EngineError('backend', `cannot export layer ${layer.name} of class ${cls} to ONNX: ${why}`, ONNX_FALLBACK_HINT);
  }
}
