/** Saving and loading tf.layers models as TensorFlow.js layers-format files (model.json + weights.bin). */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/node/atomicWrite';
import { EngineError } from '../errors';
import { tf } from '../tf/tf';

type LayersModel = ReturnType<ReturnType<typeof tf>['model']>;

export async function saveLayersModel(model: LayersModel, dir: string): Promise<void> {
  const t = tf();
  await fs.mkdir(dir, { recursive: true });
  await model.save(
    t.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? new Uint8Array(t.io.concatenateArrayBuffers(artifacts.weightData as any)) : new Uint8Array();
      await writeFileAtomic(join(dir, 'weights.bin'), weights);
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${t.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFileAtomic(join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Loads a layers model.json and its weight shards from the file system. */
export async function loadLayersModelFromFile(modelJsonPath: string): Promise<LayersModel> {
  const t = tf();
  let json: any;
  try {
    json = JSON.parse(await fs.readFile(modelJsonPath, 'utf8'));
  } catch (err) {
    throw new EngineError('io', `Cannot read the model ${modelJsonPath}: ${(err as Error).message}`, 'The run folder is incomplete or damaged; train the run again.', modelJsonPath);
  }
  const dir = join(modelJsonPath, '..');
  const specs: any[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest ?? []) {
    for (const p of group.paths) buffers.push(new Uint8Array(await fs.readFile(join(dir, p))));
    specs.push(...group.weights);
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  return t.loadLayersModel(t.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weightData.buffer }));
}
