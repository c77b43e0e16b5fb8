/**
 * Writes Keras 2 style HDF5 weight files for tests, the way Keras's save_weights lays them out:
 * root attributes layer_names / backend / keras_version (fixed-length strings), one group per layer
 * with a weight_names attribute, and each array at "<layer>/<weight name>".
 */
import { loadH5wasm } from '../../src/engine/backbones/weights/loadH5wasm';

export interface H5ArraySpec {
  /** e.g. "conv1/kernel:0" */
  name: string;
  shape: number[];
  data: Float32Array | BigInt64Array;
}

export interface H5LayerSpec {
  name: string;
  arrays: H5ArraySpec[];
}

function fixedStrings(values: string[]): [string[], string] {
  const width = Math.max(1, ...values.map((v) => Buffer.byteLength(v)));
  return [values, `S${width}`];
}

/** `wholeModel` puts the weights in a `model_weights` group, as Keras's model.save('x.h5') does. */
export async function writeKerasH5(path: string, layers: H5LayerSpec[], opts: { kerasVersion?: string; wholeModel?: boolean } = {}): Promise<void> {
  const h5 = await loadH5wasm();
  const file = new h5.File(path, 'w');
  try {
    if (opts.wholeModel) file.create_attribute('model_config', '{"class_name": "Functional"}');
    const f = opts.wholeModel ? file.create_group('model_weights') : file;
    const [names, type] = fixedStrings(layers.map((l) => l.name));
    f.create_attribute('layer_names', names, null, type);
    f.create_attribute('backend', 'tensorflow');
    f.create_attribute('keras_version', opts.kerasVersion ?? '2.4.0');
    for (const layer of layers) {
      const g = f.create_group(layer.name);
      if (layer.arrays.length === 0) {
        g.create_attribute('weight_names', [], [0], 'S1');
        continue;
      }
      const [wn, wtype] = fixedStrings(layer.arrays.map((a) => a.name));
      g.create_attribute('weight_names', wn, null, wtype);
      for (const a of layer.arrays) {
        const parts = a.name.split('/');
        let parent = g;
        for (const part of parts.slice(0, -1)) parent = (parent.get(part) as typeof g | null) ?? parent.create_group(part);
        parent.create_dataset({ name: parts[parts.length - 1], data: a.data, shape: a.shape, dtype: a.data instanceof BigInt64Array ? '<q' : '<f' });
      }
    }
  } finally {
    file.close();
  }
}

/** Minimal view of a tf.layers model, so this helper needs no tfjs import. */
interface ModelLike {
  layers: Array<{ name: string; weights: Array<{ originalName?: string; name: string; shape: ReadonlyArray<number | null>; read(): { dataSync(): ArrayLike<number> } }> }>;
}

/**
 * A model's arrays as Keras would save them: every layer (weighted or not) in model order, arrays
 * named "<layer>/<kind>:0". `rename` maps layer names (for files with other names).
 */
export function modelToH5Layers(model: ModelLike, rename: (name: string) => string = (n) => n): H5LayerSpec[] {
  return model.layers.map((layer) => {
    const name = rename(layer.name);
    return {
      name,
      arrays: layer.weights.map((w) => {
        const kind = (w.originalName ?? w.name).split('/').pop()!.replace(/_\d+$/, '');
        const values = w.read().dataSync();
        const data = kind === 'count' ? BigInt64Array.from(Array.from(values), (v) => BigInt(Math.round(v))) : Float32Array.from(values);
        return { name: `${name}/${kind}:0`, shape: w.shape.map((d) => d ?? 1), data };
      }),
    };
  });
}
