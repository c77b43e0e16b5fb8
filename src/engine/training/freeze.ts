/**
 * Frozen parts of a Keras backbone must behave as in Keras: BatchNormalization uses its moving
 * statistics and never updates them. tfjs ignores `trainable` there during fit() (it would use batch
 * statistics and update the moving averages), so the frozen BN layers get an inference-only call.
 */
import { EngineError } from '../errors';

interface LayerLike {
  name: string;
  trainable: boolean;
  getClassName(): string;
  countParams(): number;
  call: (inputs: any, kwargs: any) => any;
  readonly trainableWeights: ReadonlyArray<{ shape: ReadonlyArray<number | null> }>;
}

/**
 * Parameters that learn in these layers: their trainable weights only (a BatchNormalization layer's
 * moving mean and variance are weights too, but no optimizer touches them).
 */
export function trainableParams(layers: readonly LayerLike[]): number {
  return layers.reduce((n, l) => n + l.trainableWeights.reduce((m, w) => m + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0), 0);
}

/** Makes every BatchNormalization layer run in inference mode, whatever fit() asks. */
export function batchNormInInferenceMode(layers: readonly LayerLike[]): number {
  let patched = 0;
  for (const layer of layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const original = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => original(inputs, { ...kwargs, training: false });
    patched++;
  }
  return patched;
}

/**
 * Which backbone layers fine-tuning unfreezes: from `fromLayer` (by name) to the top, or the top
 * `unfreezeTop` layers that have weights. Returns the index of the first unfrozen layer.
 */
export function firstUnfrozenLayer(layers: readonly LayerLike[], rule: { fromLayer?: string; unfreezeTop?: number }): number {
  if (rule.fromLayer !== undefined) {
    const index = layers.findIndex((l) => l.name === rule.fromLayer);
    if (index < 0) {
      const near = layers.filter((l) => l.countParams() > 0).slice(-6).map((l) => l.name);
      throw new EngineError('config', `fineTune.fromLayer "${rule.fromLayer}" is not a layer of this backbone.`, `Layers near the top: ${near.join(', ')}.`, 'fineTune.fromLayer');
    }
    return index;
  }
  const n = rule.unfreezeTop ?? 0;
  let seen = 0;
  for (let i = layers.length - 1; i >= 0; i--) {
    if (layers[i].countParams() > 0 && ++seen === n) return i;
  }
  throw new EngineError('config', `fineTune.unfreezeTop is ${n}, but the backbone has only ${seen} layers with weights.`, undefined, 'fineTune.unfreezeTop');
}

/** Freezes layers below `first`, unfreezes the rest, and keeps every BN layer in inference mode. */
export function setFineTuneTrainable(layers: LayerLike[], first: number): void {
  layers.forEach((layer, i) => {
    layer.trainable = i >= first;
  });
}
