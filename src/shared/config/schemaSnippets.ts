/**
 * Ready-made configs and sections offered by completion in experiment files (the schema's
 * defaultSnippets: they appear only where the schema applies, unlike language snippets, which would
 * show in every JSON file). Strings may hold snippet placeholders such as "${1:name}".
 */
import { SCHEMA_RELATIVE_PATH } from './templates';

export interface SchemaSnippet {
  label: string;
  description?: string;
  /** A value; strings starting with "^" are inserted without quotes (the JSON language service's rule). */
  body?: unknown;
  /** Raw snippet text, for bodies that need "$" escaped (the "$schema" key). */
  bodyText?: string;
}

/** Small learning rates as the lab writes them (1e-5, not 0.00001). */
function jsonText(value: unknown): string {
  return JSON.stringify(value, null, '\t').replace(/(?<=[:\s])0\.(0{3,})([1-9])(?=[,\s\n}])/g, (_, zeros: string, d: string) => `${d}e-${zeros.length + 1}`);
}

/** Snippet text of a whole config: "$schema" escaped so that the editor does not read it as a variable. */
export function configSnippetText(body: Record<string, unknown>): string {
  return jsonText(body).replace(/"\$schema"/g, '"\\$schema"');
}

const BASELINE_BACKBONE = { architecture: 'VGG16', weights: 'imagenet', inputSize: 150, trainable: false };
const BASELINE_HEAD = { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0.5 }] };
const BASELINE_TRAINING = { optimizer: 'adam', learningRate: 1e-5, batchSize: 64, epochs: 10, seed: 42 };

function config(name: string, description: string, over: Record<string, unknown> = {}): string {
  return configSnippetText({
    $schema: SCHEMA_RELATIVE_PATH,
    name: `\${1:${name}}`,
    description: `\${2:${description}}`,
    backbone: BASELINE_BACKBONE,
    head: BASELINE_HEAD,
    training: BASELINE_TRAINING,
    ...over,
  });
}

/** Whole configs, offered in an empty experiment file. */
export const CONFIG_SNIPPETS: SchemaSnippet[] = [
  {
    label: 'Lab baseline (VGG16, frozen, 150 px)',
    description: 'Flatten, Dense 256 ReLU, Dropout 0.5, Adam 1e-5, batch 64, 10 epochs',
    bodyText: config('baseline', 'The lab baseline'),
  },
  {
    label: 'Baseline with GlobalAveragePooling2D',
    description: 'The baseline head on averaged features: 16 times fewer weights in Dense 256',
    bodyText: config('baseline-gap', 'Baseline with GlobalAveragePooling2D instead of Flatten', { head: { ...BASELINE_HEAD, pooling: 'gap' } }),
  },
  {
    label: 'Baseline without Dropout',
    description: 'Does the head overfit sooner without Dropout?',
    bodyText: config('baseline-no-dropout', 'Baseline without Dropout', { head: { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0 }] } }),
  },
  {
    label: 'Baseline with two Dense layers',
    description: 'Dense 256 -> Dense 128, Dropout 0.5 after each',
    bodyText: config('baseline-two-dense', 'Baseline with a second Dense layer', {
      head: { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0.5 }, { units: 128, activation: 'relu', dropout: 0.5 }] },
    }),
  },
  {
    label: 'MobileNet, fast experiment',
    description: 'MobileNet alpha 0.5 at 128 px with a GAP head: a run in seconds once features are cached',
    bodyText: config('mobilenet-fast', 'A small, fast backbone', {
      backbone: { architecture: 'MobileNet', alpha: 0.5, weights: 'imagenet', inputSize: 128, trainable: false },
      head: { pooling: 'gap', layers: [{ units: 128, activation: 'relu', dropout: 0.2 }] },
      training: { ...BASELINE_TRAINING, learningRate: 1e-4 },
    }),
  },
  {
    label: 'Baseline, then fine-tune the top block',
    description: 'Unfreeze VGG16 from block5_conv1 after the head has learned; learning rate 1e-6',
    bodyText: config('baseline-finetune', 'Baseline, then fine-tuning of block 5', { fineTune: { fromLayer: 'block5_conv1', epochs: 5, learningRate: 1e-6 } }),
  },
  {
    label: 'Baseline with augmentation',
    description: 'Random flips, rotations up to 36 degrees and zoom up to 10 % on the training photos',
    bodyText: config('baseline-augmented', 'Baseline with data augmentation', { augmentation: { flip: true, rotation: 0.1, zoom: 0.1 } }),
  },
  {
    label: 'Baseline with early stopping',
    description: 'Up to 30 epochs, stopping 3 epochs after the best val_loss and keeping the best weights',
    bodyText: config('baseline-early-stopping', 'Baseline with early stopping', {
      training: { ...BASELINE_TRAINING, epochs: 30, earlyStopping: { patience: 3, restoreBest: true, monitor: 'val_loss' } },
    }),
  },
];

export const BACKBONE_SNIPPETS: SchemaSnippet[] = [
  { label: 'VGG16, frozen, 150 px (baseline)', body: BASELINE_BACKBONE },
  { label: 'ResNet50, frozen, 224 px', body: { architecture: 'ResNet50', weights: 'imagenet', inputSize: 224, trainable: false } },
  { label: 'InceptionV3, frozen, 299 px', body: { architecture: 'InceptionV3', weights: 'imagenet', inputSize: 299, trainable: false } },
  { label: 'InceptionResNetV2, frozen, 299 px', body: { architecture: 'InceptionResNetV2', weights: 'imagenet', inputSize: 299, trainable: false } },
  { label: 'MobileNet alpha 1.0, frozen, 224 px', body: { architecture: 'MobileNet', alpha: 1.0, weights: 'imagenet', inputSize: 224, trainable: false } },
];

export const HEAD_SNIPPETS: SchemaSnippet[] = [
  { label: 'Flatten, Dense 256, Dropout 0.5 (baseline)', body: BASELINE_HEAD },
  { label: 'GlobalAveragePooling2D, Dense 256, Dropout 0.5', body: { ...BASELINE_HEAD, pooling: 'gap' } },
  { label: 'Flatten, Dense 256, no Dropout', body: { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0 }] } },
  { label: 'Flatten, Dense 256, Dense 128', body: { pooling: 'flatten', layers: [{ units: 256, activation: 'relu', dropout: 0.5 }, { units: 128, activation: 'relu', dropout: 0.5 }] } },
];

export const FINE_TUNE_SNIPPETS: SchemaSnippet[] = [
  { label: 'VGG16 top block (block5_conv1 and up)', body: { fromLayer: 'block5_conv1', epochs: 5, learningRate: 1e-6 } },
  { label: 'Top weighted layers', description: 'Counts the layers that have weights (convolutions, BatchNormalization) from the top', body: { unfreezeTop: '^${1:4}', epochs: 5, learningRate: 1e-6 } },
];

export const AUGMENTATION_SNIPPETS: SchemaSnippet[] = [{ label: 'Flip, rotate 36°, zoom 10 %', body: { flip: true, rotation: 0.1, zoom: 0.1 } }];

export const EARLY_STOPPING_SNIPPETS: SchemaSnippet[] = [{ label: 'Stop 3 epochs after the best val_loss', body: { patience: 3, restoreBest: true, monitor: 'val_loss' } }];
