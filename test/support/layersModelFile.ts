/** Loads a TensorFlow.js layers model (model.json + weight shards) from disk. */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { io, LayersModel } from '@tensorflow/tfjs';
import { tf } from '../../src/engine/tf/tf';

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
}

/** An IOHandler that reads model.json and its shards, in manifest order, from the file system. */
export function fileIOHandler(modelJsonPath: string): io.IOHandler {
  return {
    async load(): Promise<io.ModelArtifacts> {
      const json = JSON.parse(await fs.readFile(modelJsonPath, 'utf8')) as ModelJson;
      const dir = dirname(modelJsonPath);
      const shards: Buffer[] = [];
      const weightSpecs: io.WeightsManifestEntry[] = [];
      for (const group of json.weightsManifest) {
        for (const p of group.paths) shards.push(await fs.readFile(join(dir, p)));
        weightSpecs.push(...group.weights);
      }
      const all = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer,
      };
    },
  };
}

export function loadLayersModelFile(modelJsonPath: string): Promise<LayersModel> {
  return tf().loadLayersModel(fileIOHandler(modelJsonPath));
}

/** The sub-model from the input to the named layer's output. */
export function truncateAt(model: LayersModel, layerName: string): LayersModel {
  const layer = model.getLayer(layerName);
  return tf().model({ inputs: model.inputs, outputs: layer.output });
}
