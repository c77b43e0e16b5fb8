/**
 * The parts of a tf.LayersModel's functional graph the exporter reads, typed structurally so that
 * models from any copy of tfjs (bundled or tfjs-node) fit, plus readers for layer configs, which
 * may use tfjs' camelCase keys or Keras' snake_case ones.
 */
import type { Tensor } from '@tensorflow/tfjs';

export type Shape = (number | null)[];

export interface KSymbolicTensor {
  readonly id: number;
  readonly shape: Shape;
  readonly sourceLayer: KLayer;
  readonly nodeIndex: number;
  readonly tensorIndex: number;
}

export interface KNode {
  readonly outboundLayer: KLayer;
  readonly inputTensors: KSymbolicTensor[];
  readonly outputTensors: KSymbolicTensor[];
}

export interface KLayer {
  readonly name: string;
  readonly inboundNodes: KNode[];
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): Tensor[];
}

export interface KModel extends KLayer {
  readonly inputs: KSymbolicTensor[];
  readonly outputs: KSymbolicTensor[];
  readonly layers: KLayer[];
}

export function isModelLayer(layer: KLayer): layer is KModel {
  const l = layer as Partial<KModel>;
  return Array.isArray(l.layers) && Array.isArray(l.inputs) && Array.isArray(l.outputs);
}

export type Config = Record<string, unknown>;

function pick(config: Config, keys: string[]): unknown {
  for (const k of keys) if (config[k] !== undefined && config[k] !== null) return config[k];
  return undefined;
}

/** camelCase and snake_case spellings of a key ('maxValue' -> ['maxValue', 'max_value']). */
function spellings(key: string): string[] {
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return snake === key ? [key] : [key, snake];
}

export function cfgNumber(config: Config, key: string, fallback?: number): number {
  const v = pick(config, spellings(key));
  if (typeof v === 'number') return v;
  if (v === undefined && fallback !== undefined) return fallback;
  throw new Error(`config ${key} is ${JSON.stringify(v)}, expected a number`);
}

export function cfgOptionalNumber(config: Config, key: string): number | undefined {
  const v = pick(config, spellings(key));
  return typeof v === 'number' ? v : undefined;
}

export function cfgBool(config: Config, key: string, fallback: boolean): boolean {
  const v = pick(config, spellings(key));
  return typeof v === 'boolean' ? v : fallback;
}

export function cfgString(config: Config, key: string, fallback?: string): string {
  const v = pick(config, spellings(key));
  if (typeof v === 'string') return v;
  if (v === undefined && fallback !== undefined) return fallback;
  throw new Error(`config ${key} is ${JSON.stringify(v)}, expected a string`);
}

/** A 2-D size given as n or [a, b]. */
export function cfgPair(config: Config, key: string, fallback?: [number, number]): [number, number] {
  const v = pick(config, spellings(key));
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0] as number, v[1] as number];
  if (v === undefined && fallback) return fallback;
  throw new Error(`config ${key} is ${JSON.stringify(v)}, expected a number or a pair`);
}

/** A 2-D padding/cropping given as n, [a, b] (symmetric) or [[top, bottom], [left, right]]. */
export function cfgPairOfPairs(config: Config, key: string): [[number, number], [number, number]] {
  const v = pick(config, spellings(key));
  if (typeof v === 'number') return [[v, v], [v, v]];
  if (Array.isArray(v) && v.length === 2) {
    const [a, b] = v as unknown[];
    if (typeof a === 'number' && typeof b === 'number') return [[a, a], [b, b]];
    if (Array.isArray(a) && Array.isArray(b) && a.length === 2 && b.length === 2) {
      return [[Number(a[0]), Number(a[1])], [Number(b[0]), Number(b[1])]];
    }
  }
  throw new Error(`config ${key} is ${JSON.stringify(v)}, expected [[top, bottom], [left, right]]`);
}

export function cfgNumbers(config: Config, key: string): number[] | undefined {
  const v = pick(config, spellings(key));
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flat(Infinity).map(Number);
  return undefined;
}

/** A layer's weights as float arrays with their shapes, in the layer's own order. */
export function layerWeights(layer: KLayer): { values: Float32Array; shape: number[] }[] {
  return layer.getWeights().map((t) => ({ values: Float32Array.from(t.dataSync() as ArrayLike<number>), shape: t.shape.slice() }));
}
