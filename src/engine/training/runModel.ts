/**
 * The trained model in a run folder (model/): the head in TensorFlow.js layers format, and how to get
 * the backbone back — a reference to the weights it was loaded from (checked by weightsId), or, when
 * fine-tuning changed it, the backbone itself. `evaluate` and `predict` load both from here.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import { writeFileAtomic } from '../../shared/node/atomicWrite';
import { RUN_FILES } from '../../shared/results/runFolder';
import { customLayers, loadBackbone, type Backbone } from '../backbones';
import { tfjsModelFiles } from '../backbones/weights/tfjsModel';
import { fileDigests } from '../cache/fileDigests';
import { EngineError } from '../errors';
import { tf } from '../tf/tf';
import { loadLayersModelFromFile, saveLayersModel } from './modelFiles';

type LayersModel = ReturnType<ReturnType<typeof tf>['model']>;

export interface BackboneReference {
  /** The backbone spec with the weights path made absolute. */
  spec: ExperimentConfig['backbone'];
  weightsId: string;
  outputLayer: string;
  featureShape: number[];
  /** True when model/backbone/ holds the fine-tuned backbone itself. */
  saved: boolean;
}

function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** The backbone spec with a local weights path made absolute, so the run folder can be moved about. */
export function absoluteWeights(spec: ExperimentConfig['backbone'], configDir: string): ExperimentConfig['backbone'] {
  const w = spec.weights;
  if (w === null || w === 'imagenet' || isUrl(w) || isAbsolute(w)) return spec;
  return { ...spec, weights: resolve(configDir, w) };
}

export async function saveRunModel(dir: string, m: { config: ExperimentConfig; configDir: string; backbone: Backbone; head: LayersModel; backboneChanged: boolean }): Promise<void> {
  await saveLayersModel(m.head, join(dir, 'head'));
  if (m.backboneChanged) await saveLayersModel(m.backbone.model, join(dir, 'backbone'));
  const ref: BackboneReference = {
    spec: absoluteWeights(m.config.backbone, m.configDir),
    weightsId: m.backbone.weightsId,
    outputLayer: m.backbone.outputLayer,
    featureShape: m.backbone.featureShape,
    saved: m.backboneChanged,
  };
  await writeFileAtomic(join(dir, 'backbone.json'), JSON.stringify(ref, null, 2) + '\n');
}

export interface LoadedRun {
  config: ExperimentConfig;
  backbone: Backbone;
  head: LayersModel;
  /** True when the run changed the backbone (fine-tuning, a trainable backbone) and saved it in model/backbone/. */
  backboneSaved: boolean;
  dispose(): void;
}

export async function loadRunModel(runDir: string, opts: { cacheDir: string; signal?: AbortSignal; warn?: (m: string) => void }): Promise<LoadedRun> {
  const modelDir = join(runDir, RUN_FILES.model);
  let ref: BackboneReference;
  let config: ExperimentConfig;
  try {
    ref = JSON.parse(await fs.readFile(join(modelDir, 'backbone.json'), 'utf8'));
    config = JSON.parse(await fs.readFile(join(runDir, RUN_FILES.config), 'utf8'));
  } catch (err) {
    throw new EngineError('io', `${runDir} holds no trained model (${(err as Error).message}).`, 'Use the folder of a completed run (experiments/runs/<run>).', runDir);
  }
  const head = await loadLayersModelFromFile(join(modelDir, 'head', 'model.json'));
  let backbone: Backbone;
  if (ref.saved) {
    customLayers(tf());
    const modelJson = join(modelDir, 'backbone', 'model.json');
    const model = await loadLayersModelFromFile(modelJson);
    // The id keys cached ONNX exports, so it must tell this run's fine-tuned weights from any other's.
    const digest = createHash('sha256');
    for (const f of await tfjsModelFiles(modelJson)) digest.update((await fileDigests(f, opts.cacheDir)).sha256);
    backbone = {
      architecture: ref.spec.architecture,
      model,
      inputSize: ref.spec.inputSize,
      preprocessing: ref.spec.preprocessing,
      featureShape: ref.featureShape,
      weightsId: `${ref.weightsId}+finetuned-${digest.digest('hex')}`,
      params: model.countParams(),
      layerNames: model.layers.map((l) => l.name),
      outputLayer: ref.outputLayer,
      weightsMatch: 'tfjs',
      dispose: () => model.dispose(),
    };
  } else {
    backbone = await loadBackbone(ref.spec, { configDir: runDir, cacheDir: opts.cacheDir, seed: config.training.seed, signal: opts.signal });
    if (backbone.weightsId !== ref.weightsId) {
      opts.warn?.(`The backbone's weights have changed since this run trained (${ref.weightsId.slice(0, 12)} then, ${backbone.weightsId.slice(0, 12)} now): predictions may be off.`);
    }
  }
  return {
    config,
    backbone,
    head,
    backboneSaved: ref.saved,
    dispose: () => {
      head.dispose();
      backbone.dispose();
    },
  };
}
