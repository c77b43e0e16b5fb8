/**
 * A TensorFlow.js layers model (model.json + binary shards) as a backbone: loaded from disk,
 * truncated at the layer whose output is the feature map, and rebuilt for another input size when
 * the config asks for one (convolutional layers do not care; a classifier top would, which is why the
 * truncation comes first).
 */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { EngineError } from '../../errors';
import { tf } from '../../tf/tf';
import { customLayers } from '../customLayers';
import type { LayersModel } from '../tfTypes';

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: Array<{ paths: string[]; weights: unknown[] }>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** The model.json and its shards, in manifest order (for hashing). */
export async function tfjsModelFiles(modelJsonPath: string): Promise<string[]> {
  const json = JSON.parse(await fs.readFile(modelJsonPath, 'utf8')) as ModelJson;
  return [modelJsonPath, ...(json.weightsManifest ?? []).flatMap((g) => g.paths.map((p) => join(dirname(modelJsonPath), p)))];
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, int8: 1 };

/** The bytes a manifest's weights take, or undefined when a spec is of a kind not counted here. */
export function expectedWeightBytes(specs: unknown[]): number | undefined {
  let total = 0;
  for (const spec of specs as Array<{ shape?: unknown; dtype?: string; quantization?: { dtype?: string } }>) {
    const per = BYTES_PER_VALUE[spec?.quantization?.dtype ?? spec?.dtype ?? 'float32'];
    if (!per || !Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) return undefined;
    total += per * (spec.shape as number[]).reduce((a, b) => a * b, 1);
  }
  return total;
}

export async function readTfjsModel(modelJsonPath: string): Promise<LayersModel> {
  let json: ModelJson;
  try {
    json = JSON.parse(await fs.readFile(modelJsonPath, 'utf8')) as ModelJson;
  } catch (err) {
    throw new EngineError('weights', `${modelJsonPath} is not a readable model.json: ${(err as Error).message}`, 'Give a TensorFlow.js layers-format model.json.', modelJsonPath);
  }
  if (!json.modelTopology || json.format === 'graph-model' || (json.modelTopology as { node?: unknown }).node) {
    throw new EngineError('weights', `${modelJsonPath} is not a TensorFlow.js layers model (it is a graph model or has no topology).`, 'Convert the Keras model with tensorflowjs_converter --output_format tfjs_layers_model.', modelJsonPath);
  }
  const specs = (json.weightsManifest ?? []).flatMap((g) => g.weights);
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest ?? []) {
    for (const p of group.paths) {
      const shard = join(dirname(modelJsonPath), p);
      try {
        buffers.push(await fs.readFile(shard));
      } catch {
        throw new EngineError('weights', `The weight shard ${shard} named by ${modelJsonPath} is missing.`, 'Keep the model.json and its .bin shards together in one folder.', shard);
      }
    }
  }
  const all = Buffer.concat(buffers);
  const expected = expectedWeightBytes(specs);
  if (expected !== undefined && all.length < expected) {
    throw new EngineError(
      'weights',
      `The weight shards of ${modelJsonPath} are truncated: ${all.length} of ${expected} bytes.`,
      'A download or copy was cut short: copy the model folder (model.json and every shard) again.',
      modelJsonPath,
    );
  }
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  const t = tf();
  customLayers(t);
  try {
    return await t.loadLayersModel(t.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: specs as never, weightData }));
  } catch (err) {
    throw new EngineError('weights', `TensorFlow.js could not load ${modelJsonPath}: ${(err as Error).message}`, 'The model.json or its shards are damaged, or it uses layers TensorFlow.js lacks.', modelJsonPath);
  }
}

/** Edit distance, for suggesting layer names. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Up to `n` layer names closest to `wanted` (by edit distance, substring matches first). */
export function nearestNames(wanted: string, names: string[], n = 5): string[] {
  const w = wanted.toLowerCase();
  return names
    .map((name) => ({ name, score: (name.toLowerCase().includes(w) || w.includes(name.toLowerCase()) ? -100 : 0) + editDistance(w, name.toLowerCase()) }))
    .sort((a, b) => a.score - b.score)
    .slice(0, n)
    .map((x) => x.name);
}

function is4d(shape: unknown): boolean {
  return Array.isArray(shape) && shape.length === 4;
}

/** The model cut at `outputLayer` (or at its own output, which must then be a 4-D feature map). */
export function truncateModel(model: LayersModel, outputLayer: string | undefined, source: string): LayersModel {
  const t = tf();
  if (!outputLayer) {
    if (is4d(model.outputs[0].shape) && model.outputs.length === 1) return model;
    const candidates = model.layers.filter((l) => is4d(l.outputShape)).slice(-5).map((l) => l.name);
    throw new EngineError('weights', `The model in ${source} ends in a ${model.outputs[0].shape.length}-D output, not a feature map.`, `Set backbone.outputLayer to the layer whose output is the feature map, e.g. ${candidates.map((c) => `"${c}"`).join(', ')}.`, 'backbone.outputLayer');
  }
  const names = model.layers.map((l) => l.name);
  if (!names.includes(outputLayer)) {
    const near = nearestNames(outputLayer, names);
    throw new EngineError('weights', `The model in ${source} has no layer "${outputLayer}".`, `Layers with similar names: ${near.map((n) => `"${n}"`).join(', ')}.`, 'backbone.outputLayer');
  }
  const layer = model.getLayer(outputLayer);
  if (!is4d(layer.outputShape)) {
    throw new EngineError('weights', `Layer "${outputLayer}" of ${source} outputs shape ${JSON.stringify(layer.outputShape)}, not a 4-D feature map.`, 'Choose a convolutional layer (output [batch, height, width, channels]).', 'backbone.outputLayer');
  }
  if (model.outputs.length === 1 && model.outputs[0] === layer.output) return model;
  return t.model({ inputs: model.inputs, outputs: layer.output as never, name: model.name });
}

/** The same model for another input size; weights copied. Returns the model itself if the size already fits. */
export async function withInputSize(model: LayersModel, inputSize: [number, number], source: string): Promise<LayersModel> {
  const shape = model.inputs[0].shape;
  if (shape[1] === inputSize[0] && shape[2] === inputSize[1]) return model;
  const t = tf();
  const topology = model.toJSON(null, false) as { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } };
  for (const layer of topology.config.layers) {
    if (layer.class_name === 'InputLayer') {
      const old = (layer.config.batch_input_shape ?? layer.config.batchInputShape) as (number | null)[];
      layer.config.batch_input_shape = [null, inputSize[0], inputSize[1], old[3] ?? 3];
      delete layer.config.batchInputShape;
    }
  }
  let resized: LayersModel;
  try {
    resized = (await t.models.modelFromJSON({ modelTopology: topology } as never)) as LayersModel;
  } catch (err) {
    throw new EngineError('weights', `The model in ${source} cannot take ${inputSize.join('x')} inputs: ${(err as Error).message}`, `Use backbone.inputSize ${shape[1]}x${shape[2]}, the size it was saved with.`, 'backbone.inputSize');
  }
  resized.setWeights(model.getWeights());
  return resized;
}
