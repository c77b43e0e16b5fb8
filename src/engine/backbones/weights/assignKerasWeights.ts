/** Copies a Keras .h5 file's arrays into a tf.layers model, layer by layer, by position in weight_names. */
import { EngineError, throwIfCancelled } from '../../errors';
import { tf } from '../../tf/tf';
import type { LayersModel } from '../tfTypes';
import { openKerasH5, type KerasH5Layer } from './kerasH5';
import { matchLayers, type MatchMode, type WeightedLayer } from './matchLayers';

export interface AssignOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** How the file is named in messages. */
  source?: string;
}

export interface AssignResult {
  mode: MatchMode;
  layers: number;
  arrays: number;
  kerasVersion?: string;
}

/** The last part of a weight name without ":0", e.g. "moving_mean". */
export function weightKind(name: string): string {
  return name.replace(/:\d+$/, '').split('/').pop() ?? name;
}

const KINDS = new Set(['kernel', 'bias', 'gamma', 'beta', 'moving_mean', 'moving_variance', 'depthwise_kernel', 'pointwise_kernel', 'mean', 'variance', 'count']);

export async function assignKerasWeights(model: LayersModel, h5Path: string, opts: AssignOptions = {}): Promise<AssignResult> {
  const source = opts.source ?? h5Path;
  const file = await openKerasH5(h5Path);
  try {
    const modelLayers = model.layers.filter((l) => l.weights.length > 0);
    const fileLayers: KerasH5Layer[] = file.layers.filter((l) => l.arrays.length > 0);
    const modelShapes: WeightedLayer[] = modelLayers.map((l) => ({ name: l.name, shapes: l.weights.map((w) => [...w.shape] as number[]) }));
    const fileShapes: WeightedLayer[] = fileLayers.map((l) => ({ name: l.name, shapes: l.arrays.map((a) => a.shape) }));
    if (fileLayers.length === 0) throw new EngineError('weights', `${source} holds no weights.`, 'Give a Keras weight file saved with model.save_weights("x.h5").', h5Path);
    const match = matchLayers(modelShapes, fileShapes, source);
    const t = tf();
    let arrays = 0;
    for (let k = 0; k < match.pairs.length; k++) {
      throwIfCancelled(opts.signal);
      const [mi, fi] = match.pairs[k];
      const layer = modelLayers[mi];
      const stored = fileLayers[fi];
      layer.weights.forEach((variable, w) => {
        const array = stored.arrays[w];
        const want = weightKind(variable.originalName ?? variable.name);
        const have = weightKind(array.name);
        if (KINDS.has(want) && KINDS.has(have) && want !== have) {
          throw new EngineError('weights', `Layer "${layer.name}": array ${w + 1} is "${want}" in the model but "${have}" in ${source}.`, 'The file was saved from a different model.', h5Path);
        }
        const value = t.tensor(array.read(), array.shape, 'float32');
        try {
          variable.write(value);
        } finally {
          value.dispose();
        }
        arrays++;
      });
      opts.onProgress?.(k + 1, match.pairs.length);
    }
    return { mode: match.mode, layers: match.pairs.length, arrays, kerasVersion: file.kerasVersion };
  } finally {
    file.close();
  }
}
