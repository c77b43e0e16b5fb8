/**
 * The engine's backbones: Keras Applications architectures built with tf.layers (Keras's layer
 * names and order, include_top=False, pooling=None) and their weights — Keras's official ImageNet
 * files (downloaded once into the per-user cache), any Keras 2 .h5 weight file, or a TensorFlow.js
 * layers model.json cut at a chosen layer.
 *
 * BatchNormalization: every architecture except VGG16 carries BatchNormalization layers
 * (`layer.getClassName() === 'BatchNormalization'`); EfficientNetB0 also has Dropout layers. tfjs
 * runs them in training mode during fit() regardless of `trainable`, so whoever trains on top of a
 * frozen backbone must run the backbone in inference mode.
 */
import { createHash } from 'node:crypto';
import type { Architecture, Preprocessing } from '../../shared/config/architectures';
import type { ExperimentConfig } from '../../shared/config/types';
import { fileDigests } from '../cache/fileDigests';
import { EngineError, throwIfCancelled } from '../errors';
import { BUILDERS, buildArchitecture, checkArchitecture, isKerasArchitecture, type KerasArchitecture } from './architectures';
import type { LayersModel } from './tfTypes';
import { assignKerasWeights } from './weights/assignKerasWeights';
import { resolveWeightsFile, type ProgressEvent } from './weights/resolveWeights';
import { readTfjsModel, tfjsModelFiles, truncateModel, withInputSize } from './weights/tfjsModel';

export { buildArchitecture, type BuildOptions, type KerasArchitecture } from './architectures';
export { customLayers, type CustomLayerClasses } from './customLayers';
export { preprocessTensor } from './preprocess';
export { preprocessPixels, CAFFE_MEAN_BGR, TORCH_MEAN_RGB, TORCH_STD_RGB } from './preprocessArray';
export { officialWeights, officialWeightsUrl, weightsBaseUrl, WEIGHTS_BASE_URL_ENV, DEFAULT_WEIGHTS_BASE_URL } from './weights/officialWeights';
export { assignKerasWeights } from './weights/assignKerasWeights';
export type { ProgressEvent } from './weights/resolveWeights';

export type BackboneSpec = ExperimentConfig['backbone'];

export interface Backbone {
  architecture: Architecture;
  model: LayersModel;
  inputSize: [number, number];
  preprocessing: Preprocessing;
  /** Shape of one image's feature map: [h, w, c]. */
  featureShape: number[];
  /**
   * A feature-cache key for the weights: the SHA-256 of the weight file (for a model.json, of its
   * files together), or "random-<seed>"; "@<layer>" is appended when the features are taken from a
   * layer other than the architecture's last one.
   */
  weightsId: string;
  params: number;
  layerNames: string[];
  /** The layer whose output is the feature map. */
  outputLayer: string;
  /** How the weights were found: "random", or "h5:name" / "h5:generated-name" / "h5:order" (Keras file matched by ...), or "tfjs". */
  weightsMatch: string;
  dispose(): void;
}

export interface LoadBackboneOptions {
  /** Folder of the config file: relative weight paths start there. */
  configDir: string;
  /** The per-user cache folder (see defaultCacheDir()); weights go to <cacheDir>/weights. */
  cacheDir: string;
  /** Seed of random weights (weights: null). Default 42. */
  seed?: number;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Where the official files are (default $CATS_DOGS_WEIGHTS_BASE_URL, else https://storage.googleapis.com/). */
  weightsBaseUrl?: string;
}

function finish(spec: BackboneSpec, model: LayersModel, weightsId: string, weightsMatch: string, dispose: () => void): Backbone {
  const out = model.outputs[0];
  return {
    architecture: spec.architecture,
    model,
    inputSize: [model.inputs[0].shape[1] as number, model.inputs[0].shape[2] as number],
    preprocessing: spec.preprocessing,
    featureShape: out.shape.slice(1) as number[],
    weightsId,
    params: model.countParams(),
    layerNames: model.layers.map((l) => l.name),
    outputLayer: out.sourceLayer.name,
    weightsMatch,
    dispose,
  };
}

/** Cuts a built Keras architecture at spec.outputLayer when it names an earlier layer. */
function cutKeras(model: LayersModel, arch: KerasArchitecture, outputLayer: string | undefined, source: string): LayersModel {
  if (!outputLayer || outputLayer === BUILDERS[arch].outputLayer) return model;
  return truncateModel(model, outputLayer, source);
}

/** Disposes the layers of `full` that `used` does not contain (e.g. a classifier top cut off). */
function disposeUnused(full: LayersModel, used: LayersModel): void {
  if (full === used) return;
  const kept = new Set(used.layers);
  for (const layer of full.layers) if (!kept.has(layer)) layer.dispose();
}

function idSuffix(arch: Architecture, outputLayer: string): string {
  return isKerasArchitecture(arch) && BUILDERS[arch].outputLayer === outputLayer ? '' : `@${outputLayer}`;
}

export async function loadBackbone(spec: BackboneSpec, opts: LoadBackboneOptions): Promise<Backbone> {
  const arch = spec.architecture;
  const inputSize: [number, number] = [spec.inputSize[0], spec.inputSize[1]];
  const alpha = arch === 'custom' ? 1 : checkArchitecture(arch, inputSize, spec.alpha);
  throwIfCancelled(opts.signal);

  if (spec.weights === null) {
    if (arch === 'custom') throw new EngineError('config', 'A custom backbone needs weights.', 'Set backbone.weights to the path or URL of a TensorFlow.js model.json.', 'backbone.weights');
    const seed = opts.seed ?? 42;
    const built = buildArchitecture(arch, { inputSize, alpha, seed });
    const model = cutKeras(built, arch, spec.outputLayer, 'the architecture');
    return finish(spec, model, `random-${seed}${idSuffix(arch, model.outputs[0].sourceLayer.name)}`, 'random', () => built.dispose());
  }

  const resolved = await resolveWeightsFile(spec.weights, arch, alpha, inputSize, { ...opts, weightsMd5: spec.weightsMd5 });
  throwIfCancelled(opts.signal);
  const progress = (done: number, total: number) => opts.onProgress?.({ phase: 'load', done, total, message: 'Loading weights' });

  if (resolved.format === 'h5') {
    if (arch === 'custom') {
      throw new EngineError('weights', `A Keras .h5 file holds weights, not an architecture: a custom backbone needs a TensorFlow.js model.json (${resolved.label}).`, 'Convert the Keras model with "tensorflowjs_converter --input_format keras model.h5 out/", or choose the architecture the weights belong to.', 'backbone.weights');
    }
    const built = buildArchitecture(arch, { inputSize, alpha, fastInit: true });
    try {
      const result = await assignKerasWeights(built, resolved.file, { onProgress: progress, signal: opts.signal, source: resolved.label === 'imagenet' ? `the ImageNet file ${resolved.file}` : resolved.file });
      const { sha256 } = await fileDigests(resolved.file, opts.cacheDir);
      const model = cutKeras(built, arch, spec.outputLayer, resolved.file);
      return finish(spec, model, `${sha256}${idSuffix(arch, model.outputs[0].sourceLayer.name)}`, `h5:${result.mode}`, () => built.dispose());
    } catch (err) {
      built.dispose();
      throw err;
    }
  }

  progress(0, 1);
  const full = await readTfjsModel(resolved.file);
  try {
    const defaultLayer = isKerasArchitecture(arch) && full.layers.some((l) => l.name === BUILDERS[arch].outputLayer) ? BUILDERS[arch].outputLayer : undefined;
    const truncated = truncateModel(full, spec.outputLayer ?? defaultLayer, resolved.file);
    const model = await withInputSize(truncated, inputSize, resolved.file);
    const hash = createHash('sha256');
    for (const f of await tfjsModelFiles(resolved.file)) hash.update((await fileDigests(f, opts.cacheDir)).sha256);
    progress(1, 1);
    const outputLayer = model.outputs[0].sourceLayer.name;
    const suffix = spec.outputLayer || !defaultLayer ? `@${outputLayer}` : '';
    if (model !== truncated) {
      full.dispose();
      return finish(spec, model, hash.digest('hex') + suffix, 'tfjs', () => model.dispose());
    }
    disposeUnused(full, model);
    return finish(spec, model, hash.digest('hex') + suffix, 'tfjs', () => model.dispose());
  } catch (err) {
    full.dispose();
    throw err;
  }
}
