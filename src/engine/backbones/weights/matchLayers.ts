/**
 * Pairs the weighted layers of a model with the weighted layers of a Keras weight file.
 * 1. by name, when every model layer's name is in the file (extra file layers, such as a
 *    classifier top, are ignored);
 * 2. by generated name: layers with names of their own pair by name, and layers with Keras's
 *    generated names (`conv2d_7`, `batch_normalization_12`) pair per prefix in ordinal order, since
 *    Keras numbers them in construction order and files may count from 0, 1 or anywhere;
 * 3. by position: the i-th weighted layer of the model with the i-th of the file (Keras's own
 *    `load_weights` rule), which requires the same layer order.
 * Every pair's array shapes are checked; a misfit names the first layer and both shapes.
 */
import { EngineError } from '../../errors';

export interface WeightedLayer {
  name: string;
  /** Shapes of the layer's arrays, in weight order. */
  shapes: number[][];
}

export type MatchMode = 'name' | 'generated-name' | 'order';

export interface LayerMatch {
  mode: MatchMode;
  /** [model layer index, file layer index] for every model layer, in model order. */
  pairs: Array<[number, number]>;
}

const GENERATED = /^(conv2d|batch_normalization|depthwise_conv2d|separable_conv2d|conv2d_transpose|dense|normalization|layer_normalization)(?:_(\d+))?$/;

/** The Keras prefix and ordinal of a generated layer name, or undefined for a chosen name. */
export function generatedName(name: string): { prefix: string; ordinal: number } | undefined {
  const m = GENERATED.exec(name);
  return m ? { prefix: m[1], ordinal: m[2] === undefined ? 0 : Number(m[2]) } : undefined;
}

const fmt = (shape: number[]) => `[${shape.join(', ')}]`;
const fmtAll = (shapes: number[][]) => shapes.map(fmt).join(' ') || '(none)';

function sameShapes(a: number[][], b: number[][]): boolean {
  return a.length === b.length && a.every((s, i) => s.length === b[i].length && s.every((d, j) => d === b[i][j]));
}

/** The first pair whose shapes differ, as a message, or undefined. */
function firstMisfit(model: WeightedLayer[], file: WeightedLayer[], pairs: Array<[number, number]>): string | undefined {
  for (const [m, f] of pairs) {
    if (!sameShapes(model[m].shapes, file[f].shapes)) {
      const same = model[m].name === file[f].name;
      return `layer "${model[m].name}" has arrays ${fmtAll(model[m].shapes)} but the file's ${same ? 'layer of that name' : `layer "${file[f].name}"`} has ${fmtAll(file[f].shapes)}`;
    }
  }
  return undefined;
}

function byName(model: WeightedLayer[], file: WeightedLayer[]): Array<[number, number]> | undefined {
  const index = new Map(file.map((l, i) => [l.name, i]));
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < model.length; i++) {
    const j = index.get(model[i].name);
    if (j === undefined) return undefined;
    pairs.push([i, j]);
  }
  return pairs;
}

function byGeneratedName(model: WeightedLayer[], file: WeightedLayer[]): Array<[number, number]> | undefined {
  const fileByName = new Map(file.map((l, i) => [l.name, i]));
  const pairs: Array<[number, number]> = [];
  const modelGroups = new Map<string, Array<{ i: number; ordinal: number }>>();
  for (let i = 0; i < model.length; i++) {
    const gen = generatedName(model[i].name);
    if (!gen) {
      const j = fileByName.get(model[i].name);
      if (j === undefined || generatedName(file[j].name)) return undefined;
      pairs.push([i, j]);
      continue;
    }
    const list = modelGroups.get(gen.prefix) ?? [];
    list.push({ i, ordinal: gen.ordinal });
    modelGroups.set(gen.prefix, list);
  }
  if (modelGroups.size === 0) return undefined;
  const fileGroups = new Map<string, Array<{ i: number; ordinal: number }>>();
  file.forEach((l, i) => {
    const gen = generatedName(l.name);
    if (!gen) return;
    const list = fileGroups.get(gen.prefix) ?? [];
    list.push({ i, ordinal: gen.ordinal });
    fileGroups.set(gen.prefix, list);
  });
  for (const [prefix, list] of modelGroups) {
    const other = fileGroups.get(prefix);
    if (!other || other.length !== list.length) return undefined;
    const a = [...list].sort((x, y) => x.ordinal - y.ordinal);
    const b = [...other].sort((x, y) => x.ordinal - y.ordinal);
    a.forEach((m, k) => pairs.push([m.i, b[k].i]));
  }
  return pairs.sort((x, y) => x[0] - y[0]);
}

export function matchLayers(model: WeightedLayer[], file: WeightedLayer[], source = 'the weight file'): LayerMatch {
  const named = byName(model, file);
  if (named) {
    const misfit = firstMisfit(model, file, named);
    if (misfit) throw new EngineError('weights', `The weights in ${source} do not fit this architecture: ${misfit}.`, 'Check backbone.architecture and backbone.alpha: the file was saved from a different model.');
    return { mode: 'name', pairs: named };
  }
  const generated = byGeneratedName(model, file);
  if (generated && !firstMisfit(model, file, generated)) return { mode: 'generated-name', pairs: generated };

  if (model.length !== file.length) {
    const index = new Map(file.map((l) => [l.name, l]));
    const missing = model.find((l) => !index.has(l.name));
    throw new EngineError(
      'weights',
      `The weights in ${source} do not fit this architecture: the model has ${model.length} layers with weights, the file ${file.length}${missing ? `, and the file has no layer "${missing.name}"` : ''}.`,
      'Check backbone.architecture and backbone.alpha: the file was saved from a different model (or with its classifier top, under other layer names).',
    );
  }
  const ordered = model.map((_, i): [number, number] => [i, i]);
  const misfit = firstMisfit(model, file, ordered);
  if (misfit) throw new EngineError('weights', `The weights in ${source} do not fit this architecture (layers matched by position): ${misfit}.`, 'Check backbone.architecture and backbone.alpha: the file was saved from a different model.');
  return { mode: 'order', pairs: ordered };
}
