/**
 * The classifier head on top of the feature map: pooling, the configured Dense layers with their
 * Dropout, and the final Dense(1, sigmoid) — the lab's "Flatten, Dense(256), ReLU, Dropout(0.5),
 * Dense(1), sigmoid" when the config is the baseline.
 */
import type { ExperimentConfig } from '../../shared/config/types';
import { tf } from '../tf/tf';

export function buildHead(featureShape: number[], head: ExperimentConfig['head'], seed: number) {
  const t = tf();
  const input = t.input({ shape: featureShape, name: 'features' });
  let x: any = input;
  if (featureShape.length === 3) {
    if (head.pooling === 'flatten') x = t.layers.flatten({ name: 'flatten' }).apply(x);
    else if (head.pooling === 'gap') x = t.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x);
    else x = t.layers.globalMaxPooling2d({ name: 'global_max_pooling2d' }).apply(x);
  }
  head.layers.forEach((layer, i) => {
    x = t.layers
      .dense({ units: layer.units, activation: layer.activation === 'swish' ? 'swish' : (layer.activation as any), kernelInitializer: t.initializers.glorotUniform({ seed: seed + i }), name: `dense_${i + 1}` })
      .apply(x);
    if (layer.dropout > 0) x = t.layers.dropout({ rate: layer.dropout, seed: seed + 100 + i, name: `dropout_${i + 1}` }).apply(x);
  });
  const output = t.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: t.initializers.glorotUniform({ seed: seed + 1000 }), name: 'prediction' }).apply(x);
  return t.model({ inputs: input, outputs: output as any, name: 'head' });
}

export function countParams(model: { countParams(): number }): number {
  return model.countParams();
}
