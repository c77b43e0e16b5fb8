/** Configs the extension writes for the user: the lab's baseline, exactly as the lab states it. */
export const SCHEMA_RELATIVE_PATH = './.schema/experiment.schema.json';

export function baselineConfig(dataRelative = '../cats_vs_dogs'): Record<string, unknown> {
  return {
    $schema: SCHEMA_RELATIVE_PATH,
    name: 'baseline',
    description: 'The lab baseline: VGG16 with ImageNet weights, frozen, 150x150; Flatten, Dense 256 ReLU, Dropout 0.5, Dense 1 sigmoid.',
    data: dataRelative,
    backbone: { architecture: 'VGG16', weights: 'imagenet', inputSize: 150, trainable: false },
    head: { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0.5 }] },
    training: { optimizer: 'adam', learningRate: 1e-5, batchSize: 64, epochs: 10, seed: 42 },
  };
}
