/**
 * The experiment config's JSON Schema: the single source for editor validation and completion
 * (contributed through `jsonValidation`, written to dist/schema at build time) and for the validation
 * the host and the engine run before training.
 */
import { ARCHITECTURES, ARCHITECTURE_INFO, PREPROCESSINGS } from './architectures';
import { AUGMENTATION_SNIPPETS, BACKBONE_SNIPPETS, CONFIG_SNIPPETS, EARLY_STOPPING_SNIPPETS, FINE_TUNE_SNIPPETS, HEAD_SNIPPETS, type SchemaSnippet } from './schemaSnippets';
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
  defaultSnippets?: SchemaSnippet[];
}

const headLayer: JsonSchema = {
  type: 'object',
  description: 'A Dense layer of the classifier head, optionally followed by Dropout.',
  required: ['units'],
  additionalProperties: false,
  properties: {
    units: {
      type: 'integer',
      minimum: 1,
      maximum: 65536,
      default: 256,
      markdownDescription:
        'Number of neurons in this `Dense` layer. Its weights are `inputs × units + units`: after `Flatten` of VGG16 at 150 px (4×4×512 = 8,192 inputs), `256` units make 2,097,408 weights. More units fit finer patterns but memorise the training photos sooner and train slower. The lab baseline uses `256`; try `128` and `512`.',
    },
    activation: {
      type: 'string',
      enum: ACTIVATIONS,
      default: 'relu',
      markdownDescription: 'Nonlinearity after the `Dense` layer; without one, stacked layers collapse into a single linear map. `relu` (max(0, x)) is the lab default and the usual choice.',
    },
    dropout: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      default: 0,
      markdownDescription:
        'Rate of a `Dropout` layer after this one. At every training step that fraction of the outputs is set to zero at random (the rest are scaled up to keep the sum), so no neuron can rely on another: a guard against overfitting. It is off during validation and testing, which is why validation can look better than training early on. `0` means no Dropout layer; the lab baseline uses `0.5`.',
    },
  },
  defaultSnippets: [
    { label: 'Dense 256 + Dropout 0.5', body: { units: 256, activation: 'relu', dropout: 0.5 } },
    { label: 'Dense 128, no Dropout', body: { units: 128, activation: 'relu', dropout: 0 } },
  ],
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
    name: { type: 'string', minLength: 1, pattern: '^[^/\\\\:*?"<>|]+$', markdownDescription: 'Name of the experiment; it names the run folder and the row in the results table. No `/ \\ : * ? " < > |`.' },
    description: { type: 'string', markdownDescription: 'What this experiment changes compared with the baseline (one change at a time makes the comparison meaningful).' },
    data: { type: 'string', default: '../cats_vs_dogs', markdownDescription: 'Dataset folder with `train/`, `validation/` and `test/`, each holding `cats/` and `dogs/`. Relative to this file.' },
    backbone: {
      type: 'object',
      required: ['architecture'],
      additionalProperties: false,
      markdownDescription: 'The pretrained convolutional base (Keras Applications, `include_top=False`): it turns each photo into a feature map that the head classifies.',
      properties: {
        architecture: {
          type: 'string',
          enum: ARCHITECTURES,
          enumDescriptions: ARCHITECTURES.map((a) => ARCHITECTURE_INFO[a].summary),
          markdownDescription: 'Which Keras Applications network extracts the features. The first run of a backbone computes the features of every photo (the slow part); later runs with a frozen backbone reuse them from the cache.',
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
          markdownDescription: 'Input side in pixels (`150`) or `[height, width]`. Photos are resized to it. The lab baseline uses `150`; the backbones were trained at 224 (VGG16, ResNet50, MobileNet) or 299 (Inception). Larger inputs give a larger feature map: slower, often more accurate, and many more weights after `Flatten`.',
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
        trainable: {
          type: 'boolean',
          default: false,
          markdownDescription:
            'Train the whole backbone too. `false` (the lab baseline) freezes it: only the head learns, and since a frozen backbone always gives a photo the same features, they are computed once and cached, so head experiments take seconds. `true` trains millions of weights on a few thousand photos: slow, and it can destroy the ImageNet features; prefer `fineTune`.',
        },
      },
      defaultSnippets: BACKBONE_SNIPPETS,
    },
    head: {
      type: 'object',
      additionalProperties: false,
      markdownDescription: 'The classifier on top of the backbone: pooling, hidden `Dense` layers, then a final `Dense(1, sigmoid)` (always added) that outputs the probability of "dog".',
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
          markdownDescription:
            'How the feature map becomes a vector. `flatten` keeps every position (VGG16 at 150 px: 4×4×512 = 8,192 numbers). `gap` (GlobalAveragePooling2D) averages each channel over the map (512 numbers), so the next `Dense` layer has fewer weights by the map\'s area (16× here): less overfitting, faster training, but no information on where a feature was.',
        },
        layers: { type: 'array', items: headLayer, default: [{ units: 256, activation: 'relu', dropout: 0.5 }], markdownDescription: 'Hidden `Dense` layers, in order, each optionally followed by `Dropout`. An empty list puts the output layer right after pooling (logistic regression on the features).' },
      },
      defaultSnippets: HEAD_SNIPPETS,
    },
    training: {
      type: 'object',
      additionalProperties: false,
      properties: {
        optimizer: { type: 'string', enum: OPTIMIZERS, default: 'adam', enumDescriptions: ['Adam: adaptive step per weight; the lab baseline.', 'Plain stochastic gradient descent.', 'RMSprop: adaptive steps, common in older Keras tutorials.', 'Adam with decoupled weight decay.'], markdownDescription: 'The optimizer that updates the weights from the gradients. The lab baseline uses Adam.' },
        learningRate: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 10,
          default: 1e-5,
          markdownDescription:
            'Step size of the optimizer. The lab baseline uses `1e-5`: slow, smooth curves. Ten times larger (`1e-4`) learns faster and overfits sooner; too large makes the loss jump or grow.',
        },
        batchSize: {
          type: 'integer',
          minimum: 1,
          maximum: 4096,
          default: 64,
          markdownDescription: 'Photos per training step: the weights are updated once per batch. Smaller batches give more, noisier updates per epoch and need less memory. The lab baseline uses `64`.',
        },
        epochs: {
          type: 'integer',
          minimum: 1,
          maximum: 1000,
          default: 10,
          markdownDescription: 'Passes over all the training photos. Too few and the model underfits; too many and `val_loss` turns up (overfitting). The lab baseline uses `10`; with `earlyStopping` you can set more.',
        },
        seed: { type: 'integer', minimum: 0, default: 42, markdownDescription: 'Random seed for weight initialisation, shuffling, Dropout and augmentation: the same seed gives the same run.' },
        earlyStopping: {
          type: 'object',
          additionalProperties: false,
          required: ['patience'],
          markdownDescription:
            'Stop training when the monitored validation metric has not improved for `patience` epochs, i.e. once overfitting has set in, and keep the best epoch\'s weights. It turns reading the validation curve into a rule.',
          properties: {
            patience: { type: 'integer', minimum: 1, default: 3, markdownDescription: 'Epochs without improvement to wait before stopping. Larger values tolerate noisy curves.' },
            restoreBest: { type: 'boolean', default: true, markdownDescription: 'Keep the weights of the best epoch rather than the last.' },
            monitor: { type: 'string', enum: ['val_loss', 'val_acc'], enumDescriptions: ['Validation loss (lower is better): notices overconfidence before accuracy drops.', 'Validation accuracy (higher is better).'], default: 'val_loss', markdownDescription: 'Which validation metric decides the best epoch.' },
          },
          defaultSnippets: EARLY_STOPPING_SNIPPETS,
        },
      },
    },
    fineTune: {
      type: 'object',
      additionalProperties: false,
      markdownDescription:
        'After the head has learned, unfreeze the top of the backbone and train both together with a small learning rate, so that the most task-specific features (the top layers) adapt to cats and dogs without being destroyed. Slow: those features change, so they cannot be cached. Give `fromLayer` or `unfreezeTop`.',
      properties: {
        fromLayer: { type: 'string', minLength: 1, markdownDescription: 'Unfreeze from this layer (Keras name, e.g. `block5_conv1` for VGG16\'s last block) to the top.' },
        unfreezeTop: { type: 'integer', minimum: 1, markdownDescription: 'Unfreeze this many weighted layers (convolutions, Dense, BatchNormalization) from the top.' },
        epochs: { type: 'integer', minimum: 1, maximum: 1000, default: 5, markdownDescription: 'Epochs of fine-tuning, after the head\'s own `training.epochs`.' },
        learningRate: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 1e-6, markdownDescription: 'Learning rate while fine-tuning: about ten times smaller than the head\'s, so the pretrained weights move only a little.' },
      },
      defaultSnippets: FINE_TUNE_SNIPPETS,
    },
    augmentation: {
      type: 'object',
      additionalProperties: false,
      markdownDescription:
        'Random changes to the training photos each epoch, so the network never sees the same photo twice: memorising is harder and overfitting comes later. The price: the training photos\' features differ every epoch and cannot be cached.',
      properties: {
        flip: { type: 'boolean', default: true, markdownDescription: 'Random horizontal flips.' },
        rotation: { type: 'number', minimum: 0, maximum: 1, default: 0.1, markdownDescription: 'Maximum rotation as a fraction of a full turn (0.1 = 36°).' },
        zoom: { type: 'number', minimum: 0, maximum: 0.9, default: 0.1, markdownDescription: 'Maximum zoom in or out as a fraction (0.1 = 10 %).' },
      },
      defaultSnippets: AUGMENTATION_SNIPPETS,
    },
  },
  defaultSnippets: CONFIG_SNIPPETS,
};
