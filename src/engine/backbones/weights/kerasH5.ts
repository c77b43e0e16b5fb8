/**
 * Reads a Keras 2 HDF5 weight file (`model.save_weights('x.h5')`, the Keras Applications files) or
 * the weights inside a whole-model `.h5` (`model_weights` group). Layout: root attribute
 * `layer_names`; each layer group has attribute `weight_names` listing its arrays in the layer's
 * weight order (e.g. `conv1/kernel:0`), stored as datasets under the group. Arrays are read lazily,
 * one at a time, while the file is open.
 */
import { isAbsolute, resolve } from 'node:path';
import { EngineError } from '../../errors';
import { checkHdf5Header } from './hdf5Header';
import { loadH5wasm } from './loadH5wasm';

export interface KerasH5Array {
  /** As stored, e.g. "conv1/kernel:0". */
  name: string;
  shape: number[];
  read(): Float32Array;
}

export interface KerasH5Layer {
  name: string;
  arrays: KerasH5Array[];
}

export interface KerasH5File {
  path: string;
  kerasVersion?: string;
  /** Every layer in the file's order, weighted or not. */
  layers: KerasH5Layer[];
  close(): void;
}

/** Attribute values come back as strings, string arrays, or an empty typed array for an empty list. */
export function attributeStrings(value: unknown): string[] {
  const clean = (s: string) => s.replace(/\0+$/, '');
  if (typeof value === 'string') return [clean(value)];
  if (Array.isArray(value)) return value.flat(Infinity).map((v) => clean(v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v)));
  if (value instanceof Uint8Array) return [clean(Buffer.from(value).toString('utf8'))];
  return [];
}

/** IEEE half floats (h5wasm hands them over as raw 16-bit words) to float32. */
export function halfToFloat32(words: Uint16Array): Float32Array {
  const out = new Float32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const h = words[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) out[i] = sign * 2 ** -14 * (frac / 1024);
    else if (exp === 31) out[i] = frac ? NaN : sign * Infinity;
    else out[i] = sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}

/** Converts whatever numeric array h5wasm returned to float32. */
export function toFloat32(value: unknown, isHalf: boolean, where: string): Float32Array {
  if (value instanceof Float32Array) return value;
  if (isHalf && value instanceof Uint16Array) return halfToFloat32(value);
  if (isHalf && value instanceof Uint8Array) return halfToFloat32(new Uint16Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)));
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Float32Array.from(value, (v) => Number(v));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Float32Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' || typeof value === 'bigint') return Float32Array.of(Number(value));
  if (Array.isArray(value)) return Float32Array.from(value.flat(Infinity) as number[], Number);
  throw new EngineError('weights', `Array ${where} is not numeric.`, 'Use a Keras weight file saved with float32 weights.');
}

export function describeHeaderProblem(file: string, check: Awaited<ReturnType<typeof checkHdf5Header>>): EngineError | undefined {
  if (check.ok) return undefined;
  if (check.reason === 'not-hdf5') {
    return new EngineError('weights', `${file} is not an HDF5 file.`, 'Give a Keras .h5 weight file (model.save_weights("x.h5") or a Keras Applications file), or a TensorFlow.js model.json.', file);
  }
  return new EngineError('weights', `${file} is truncated: ${check.size} of ${check.expected} bytes.`, 'The file was cut short (an interrupted download or copy). Delete it and fetch it again.', file);
}

export async function openKerasH5(path: string): Promise<KerasH5File> {
  const file = isAbsolute(path) ? path : resolve(path);
  let header;
  try {
    header = await checkHdf5Header(file);
  } catch (err) {
    throw new EngineError('weights', `Cannot read ${file}: ${(err as Error).message}`, 'Check the path in backbone.weights.', file);
  }
  const problem = describeHeaderProblem(file, header);
  if (problem) throw problem;

  const h5 = await loadH5wasm();
  let f: InstanceType<typeof h5.File>;
  try {
    f = new h5.File(file, 'r');
  } catch (err) {
    throw new EngineError('weights', `HDF5 could not open ${file}: ${(err as Error).message}`, 'The file may be damaged; fetch it again.', file);
  }
  try {
    let root: InstanceType<typeof h5.Group> = f;
    if (!('layer_names' in root.attrs)) {
      const inner = f.get('model_weights');
      if (inner && inner instanceof h5.Group && 'layer_names' in inner.attrs) root = inner;
      else {
        const keras3 = f.get('layers') !== null || f.get('_layer_checkpoint_dependencies') !== null;
        throw new EngineError(
          'weights',
          `${file} is HDF5 but not a Keras 2 weight file (no "layer_names" attribute).`,
          keras3
            ? 'It looks like a Keras 3 ".weights.h5" file. Save the weights with Keras 2 (tf.keras) "model.save_weights(\'x.h5\')", or convert the model to TensorFlow.js (model.json).'
            : 'Save the weights with Keras "model.save_weights(\'x.h5\')".',
          file,
        );
      }
    }
    const kerasVersion = attributeStrings(root.attrs['keras_version']?.value)[0] ?? attributeStrings(f.attrs['keras_version']?.value)[0];
    const layers: KerasH5Layer[] = attributeStrings(root.attrs['layer_names'].value).map((name) => {
      const group = root.get(name);
      if (!group || !(group instanceof h5.Group)) throw new EngineError('weights', `${file} lists layer "${name}" but has no group for it.`, 'The file is damaged; fetch it again.', file);
      // get_attribute reads one attribute; .attrs would read them all (slow on files with hundreds of layers).
      let weightNames: string[];
      try {
        weightNames = attributeStrings(group.get_attribute('weight_names', false));
      } catch {
        weightNames = [];
      }
      const arrays = weightNames.map((wn): KerasH5Array => {
        const ds = group.get(wn);
        if (!ds || !(ds instanceof h5.Dataset)) throw new EngineError('weights', `${file}: layer "${name}" lists array "${wn}" but it is missing.`, 'The file is damaged; fetch it again.', file);
        const meta = ds.metadata;
        // HDF5 class 1 is floating point: 2-byte floats are halves.
        const isHalf = meta.type === 1 && meta.size === 2;
        return { name: wn, shape: ds.shape ?? [], read: () => toFloat32(ds.value, isHalf, `${name}/${wn}`) };
      });
      return { name, arrays };
    });
    return { path: file, kerasVersion, layers, close: () => void f.close() };
  } catch (err) {
    f.close();
    if (err instanceof EngineError) throw err;
    throw new EngineError('weights', `Could not read the Keras weights in ${file}: ${(err as Error).message}`, 'The file may be damaged; fetch it again.', file);
  }
}
