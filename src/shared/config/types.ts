import type { Architecture, Preprocessing } from './architectures';

export const POOLINGS = ['flatten', 'gap', 'gmp'] as const;
export type Pooling = (typeof POOLINGS)[number];

export const ACTIVATIONS = ['relu', 'elu', 'selu', 'tanh', 'sigmoid', 'swish', 'gelu', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface HeadLayer {
  units: number;
  activation: Activation;
  /** Dropout rate after this layer; 0 means no Dropout layer. */
  dropout: number;
}

export interface EarlyStopping {
  patience: number;
  restoreBest: boolean;
  monitor: 'val_loss' | 'val_acc';
}

export interface FineTune {
  /** Unfreeze from this backbone layer (by Keras name) to the top. */
  fromLayer?: string;
  /** Or: unfreeze this many weighted layers from the top. */
  unfreezeTop?: number;
  epochs: number;
  learningRate: number;
}

export interface Augmentation {
  flip: boolean;
  /** Maximum rotation as a fraction of a full turn (Keras RandomRotation's factor). */
  rotation: number;
  /** Maximum zoom as a fraction (Keras RandomZoom's factor). */
  zoom: number;
}

/** A fully normalised experiment config: every default filled in, paths as the user wrote them. */
export interface ExperimentConfig {
  $schema?: string;
  name: string;
  description?: string;
  /** Dataset folder holding train/validation/test, relative to the config file. */
  data: string;
  backbone: {
    architecture: Architecture;
    alpha?: number;
    /** "imagenet", null (random init), or a path/URL to a Keras .h5 or a TensorFlow.js model.json. */
    weights: string | null;
    /** Expected MD5 of a weights file given by path or URL. */
    weightsMd5?: string;
    /** The layer whose output is the feature map (for model.json and custom backbones). */
    outputLayer?: string;
    /** [height, width] in pixels. */
    inputSize: [number, number];
    preprocessing: Preprocessing;
    trainable: boolean;
  };
  head: {
    pooling: Pooling;
    layers: HeadLayer[];
  };
  training: {
    optimizer: OptimizerName;
    learningRate: number;
    batchSize: number;
    epochs: number;
    seed: number;
    earlyStopping?: EarlyStopping;
  };
  fineTune?: FineTune;
  augmentation?: Augmentation;
}

/** The input a user may write: the same shape with defaults optional and inputSize as a number or pair. */
export type ExperimentConfigInput = Record<string, unknown>;

export interface ConfigIssue {
  /** JSON pointer-like path such as "head.layers[0].dropout" ("" for the root). */
  path: string;
  message: string;
}
