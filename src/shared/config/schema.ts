/**
 * The experiment config's JSON Schema: the single source for editor validation and completion
 * (contributed through `jsonValidation`, written to dist/schema at build time) and for the validation
 * the host and the engine run before training.
 */
import { ARCHITECTURES, ARCHITECTURE_INFO, PREPROCESSINGS } from './architectures';
import { ACTIVATIONS, OPTIMIZERS, POOLINGS } from './types';

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | Array<'string' | 'null' | 'number' | 'integer' | 'boolean' | 'object' | 'array'>;
  description?: string;
  markdownDescription?: string;
  enum?: readonly unknown[];
  enumDescriptions?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  oneOf?: JsonSchema[];
  defaultSnippets?: Array<{ label: string; description?: string; body: unknown }>;
}

const headLayer: JsonSchema = {
  type: 'object',
  description: 'A Dense layer of the classifier head, optionally followed by Dropout.',
  required: ['units'],
  additionalProperties: false,
  properties: {
    units: { type: 'integer', minimum: 1, maximum: 65536, default: 256, markdownDescription: 'Number of neurons in this Dense layer. More units fit more patterns but overfit sooner and train slower. The lab baseline uses 256.' },
    activation: { type: 'string', enum: ACTIVATIONS, default: 'relu', markdownDescription: 'Activation after the Dense layer. `relu` is the lab default.' },
    dropout: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0, markdownDescription: 'Dropout rate after this layer: during training this fraction of the outputs is set to zero at random, which fights overfitting. `0` means no Dropout layer; the lab baseline uses `0.5`.' },
  },
  defaultSnippets: [{ label: 'Dense 256 + Dropout 0.5', body: { units: 256, activation: 'relu', dropout: 0.5 } }],
};

export const EXPERIMENT_SCHEMA_ID = 'https://cats-vs-dogs-lab.github.io/schema/experiment.schema.json';

export const experimentSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: EXPERIMENT_SCHEMA_ID,
  title: 'Cats vs Dogs Lab experiment',
  type: 'object',
  required: ['name', 'backbone'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', minLength: 1, pattern: '^[^/\\\\:*?"<>|]+$', markdownDescription: 'Name of the experiment; it names the run folder and the row in the results table.' },
    description: { type: 'string', markdownDescription: 'What this experiment changes compared with the baseline.' },
    data: { type: 'string', default: '../cats_vs_dogs', markdownDescription: 'Dataset folder with `train/`, `validation/` and `test/`, each holding `cats/` and `dogs/`. Relative to this file.' },
    backbone: {
      type: 'object',
      required: ['architecture'],
      additionalProperties: false,
      markdownDescription: 'The pretrained convolutional base (Keras Applications, `include_top=False`).',
      properties: {
        architecture: {
          type: 'string',
          enum: ARCHITECTURES,
          enumDescriptions: ARCHITECTURES.map((a) => ARCHITECTURE_INFO[a].summary),
          markdownDescription: 'Which Keras Applications network to use as the feature extractor.',
        },
        alpha: { type: 'number', exclusiveMinimum: 0, maximum: 1.4, markdownDescription: 'Width multiplier for MobileNet (0.25, 0.5, 0.75, 1.0) and MobileNetV2 (0.35, 0.5, 0.75, 1.0, 1.3, 1.4).' },
        weights: {
          type: ['string', 'null'],
          default: 'imagenet',
          markdownDescription: '`"imagenet"` downloads Keras\'s official weights on first use (cached per user). A path or URL to a Keras `.h5` weight file or a TensorFlow.js `model.json` uses those instead. `null` starts from random weights.',
        },
        weightsMd5: { type: 'string', pattern: '^[0-9a-fA-F]{32}$', markdownDescription: 'Expected MD5 of the weights file; a mismatch stops the run before training.' },
        outputLayer: { type: 'string', minLength: 1, markdownDescription: 'Name of the layer whose output is the feature map (needed for a `model.json` that includes a classifier top, e.g. `conv_pw_13_relu` for MobileNet).' },
        inputSize: {
          oneOf: [
            { type: 'integer', minimum: 32, maximum: 1024 },
            { type: 'array', items: { type: 'integer', minimum: 32, maximum: 1024 }, minItems: 2, maxItems: 2 },
          ],
          markdownDescription: 'Input side in pixels (`150`) or `[height, width]`. Photos are resized to it. The lab baseline uses 150; larger inputs are slower and often more accurate.',
        },
        preprocessing: {
          type: 'string',
          enum: PREPROCESSINGS,
          enumDescriptions: [
            'RGB to BGR, subtract the ImageNet mean (VGG16, ResNet50).',
            'Scale pixels to [-1, 1] (Inception and MobileNet families).',
            'Scale to [0, 1], normalise by ImageNet mean and std.',
            'Pixels 0..255 unchanged (EfficientNet normalises inside).',
            'Pixels divided by 255.',
          ],
          markdownDescription: 'How pixels are scaled before the backbone. Defaults to what the architecture was trained with; change it only for custom weights.',
        },
        trainable: { type: 'boolean', default: false, markdownDescription: 'Train the whole backbone too. `false` (the lab baseline) freezes it: only the head learns, and its features can be cached so that experiments take seconds.' },
      },
    },
    head: {
      type: 'object',
      additionalProperties: false,
      markdownDescription: 'The classifier on top of the backbone. A final `Dense(1, sigmoid)` is always added.',
      properties: {
        pooling: {
          type: 'string',
          enum: POOLINGS,
          default: 'flatten',
          enumDescriptions: [
            'Flatten: keep every position of the feature map (many parameters; the lab baseline).',
            'GlobalAveragePooling2D: average each channel over the map (few parameters, less overfitting, faster).',
            'GlobalMaxPooling2D: the maximum of each channel.',
          ],
          markdownDescription: 'How the feature map becomes a vector. `flatten` keeps positions; `gap` (GlobalAveragePooling2D) averages them away, which cuts the head\'s parameters by the map\'s area.',
        },
        layers: { type: 'array', items: headLayer, default: [{ units: 256, activation: 'relu', dropout: 0.5 }], markdownDescription: 'Hidden Dense layers, in order. An empty list puts the output layer right after pooling.' },
      },
    },
    training: {
      type: 'object',
      additionalProperties: false,
      properties: {
        optimizer: { type: 'string', enum: OPTIMIZERS, default: 'adam', markdownDescription: 'The optimizer. The lab baseline uses Adam.' },
        learningRate: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 1e-5, markdownDescription: 'Step size of the optimizer. The lab baseline uses `1e-5`.' },
        batchSize: { type: 'integer', minimum: 1, maximum: 4096, default: 64, markdownDescription: 'Photos per training step. Smaller batches need less memory.' },
        epochs: { type: 'integer', minimum: 1, maximum: 1000, default: 10, markdownDescription: 'Passes over the training photos.' },
        seed: { type: 'integer', minimum: 0, default: 42, markdownDescription: 'Random seed for weight initialisation, shuffling, Dropout and augmentation: the same seed gives the same run.' },
        earlyStopping: {
          type: 'object',
          additionalProperties: false,
          required: ['patience'],
          markdownDescription: 'Stop when the monitored validation metric has not improved for `patience` epochs.',
          properties: {
            patience: { type: 'integer', minimum: 1, default: 3 },
            restoreBest: { type: 'boolean', default: true, markdownDescription: 'Keep the weights of the best epoch rather than the last.' },
            monitor: { type: 'string', enum: ['val_loss', 'val_acc'], default: 'val_loss' },
          },
        },
      },
    },
    fineTune: {
      type: 'object',
      additionalProperties: false,
      markdownDescription: 'After training the head, unfreeze the top of the backbone and train on with a small learning rate. Give `fromLayer` or `unfreezeTop`.',
      properties: {
        fromLayer: { type: 'string', minLength: 1, markdownDescription: 'Unfreeze from this layer (Keras name, e.g. `block5_conv1` for VGG16) to the top.' },
        unfreezeTop: { type: 'integer', minimum: 1, markdownDescription: 'Unfreeze this many weighted layers from the top.' },
        epochs: { type: 'integer', minimum: 1, maximum: 1000, default: 5 },
        learningRate: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 1e-6 },
      },
    },
    augmentation: {
      type: 'object',
      additionalProperties: false,
      markdownDescription: 'Random changes to the training photos each epoch. More robust models, but features can no longer be cached.',
      properties: {
        flip: { type: 'boolean', default: true, markdownDescription: 'Random horizontal flips.' },
        rotation: { type: 'number', minimum: 0, maximum: 1, default: 0.1, markdownDescription: 'Maximum rotation as a fraction of a full turn (0.1 = 36°).' },
        zoom: { type: 'number', minimum: 0, maximum: 0.9, default: 0.1, markdownDescription: 'Maximum zoom in or out as a fraction.' },
      },
    },
  },
  defaultSnippets: [
    {
      label: 'Lab baseline (VGG16, frozen, 150 px)',
      description: 'Flatten, Dense 256 ReLU, Dropout 0.5, Adam 1e-5, batch 64, 10 epochs',
      body: {
        name: 'baseline',
        backbone: { architecture: 'VGG16', weights: 'imagenet', inputSize: 150, trainable: false },
        head: { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0.5 }] },
        training: { optimizer: 'adam', learningRate: 1e-5, batchSize: 64, epochs: 10, seed: 42 },
      },
    },
  ],
};
