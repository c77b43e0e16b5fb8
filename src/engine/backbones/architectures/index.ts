/** Builds a Keras Applications backbone (include_top=False, pooling=None) with tf.layers. */
import { ARCHITECTURE_INFO, type Architecture } from '../../../shared/config/architectures';
import { EngineError } from '../../errors';
import { tf } from '../../tf/tf';
import { KerasGraph, type KernelInit } from '../kerasGraph';
import type { LayersModel, SymbolicTensor } from '../tfTypes';
import { efficientNetB0 } from './efficientNetB0';
import { inceptionResNetV2 } from './inceptionResNetV2';
import { inceptionV3 } from './inceptionV3';
import { mobilenet } from './mobilenet';
import { mobilenetV2 } from './mobilenetV2';
import { resnet50 } from './resnet50';
import { vgg16 } from './vgg16';

export type KerasArchitecture = Exclude<Architecture, 'custom'>;

interface ArchitectureBuilder {
  build(g: KerasGraph, input: SymbolicTensor, alpha: number): SymbolicTensor;
  /** Keras's model name (mobilenet ones get alpha and rows appended, as Keras does). */
  modelName: string;
  /** The last layer of the include_top=False model: its output is the feature map. */
  outputLayer: string;
  kernelInit?: KernelInit;
}

export const BUILDERS: Record<KerasArchitecture, ArchitectureBuilder> = {
  VGG16: { build: (g, x) => vgg16(g, x), modelName: 'vgg16', outputLayer: 'block5_pool' },
  ResNet50: { build: (g, x) => resnet50(g, x), modelName: 'resnet50', outputLayer: 'conv5_block3_out' },
  InceptionV3: { build: (g, x) => inceptionV3(g, x), modelName: 'inception_v3', outputLayer: 'mixed10' },
  InceptionResNetV2: { build: (g, x) => inceptionResNetV2(g, x), modelName: 'inception_resnet_v2', outputLayer: 'conv_7b_ac' },
  MobileNet: { build: (g, x, a) => mobilenet(g, x, a), modelName: 'mobilenet', outputLayer: 'conv_pw_13_relu' },
  MobileNetV2: { build: (g, x, a) => mobilenetV2(g, x, a), modelName: 'mobilenetv2', outputLayer: 'out_relu' },
  EfficientNetB0: { build: (g, x) => efficientNetB0(g, x), modelName: 'efficientnetb0', outputLayer: 'top_activation', kernelInit: 'efficientnet' },
};

export function isKerasArchitecture(a: unknown): a is KerasArchitecture {
  return typeof a === 'string' && Object.prototype.hasOwnProperty.call(BUILDERS, a);
}

export interface BuildOptions {
  inputSize: [number, number];
  alpha?: number;
  /** Seed of the random initial weights (default 42). */
  seed?: number;
  /** Zero initial weights, for when a weight file will overwrite every one of them. */
  fastInit?: boolean;
}

/** Checks architecture, alpha and input size; returns the alpha to build with. */
export function checkArchitecture(arch: string, inputSize: [number, number], alpha?: number): number {
  if (!isKerasArchitecture(arch)) {
    const known = Object.keys(BUILDERS).join(', ');
    throw new EngineError('config', `Unknown backbone architecture "${arch}".`, `Use one of ${known}, or "custom" with a model.json or .h5 file.`, 'backbone.architecture');
  }
  const info = ARCHITECTURE_INFO[arch];
  let a = 1;
  if (info.alphas) {
    a = alpha ?? info.defaultAlpha ?? 1;
    if (!info.alphas.includes(a)) throw new EngineError('config', `${arch} has no alpha ${a}.`, `Use one of ${info.alphas.join(', ')}.`, 'backbone.alpha');
  } else if (alpha !== undefined && alpha !== 1) {
    throw new EngineError('config', `${arch} has no width multiplier (alpha ${alpha}).`, 'Remove backbone.alpha.', 'backbone.alpha');
  }
  const [h, w] = inputSize;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < info.minInputSize || w < info.minInputSize) {
    throw new EngineError('config', `${arch} needs inputs of at least ${info.minInputSize}x${info.minInputSize} pixels; got ${h}x${w}.`, `Set backbone.inputSize to ${info.minInputSize} or more.`, 'backbone.inputSize');
  }
  return a;
}

/** The Keras model name, e.g. "mobilenet_0.25_224" (Keras formats alpha with two decimals). */
export function kerasModelName(arch: KerasArchitecture, alpha: number, rows: number): string {
  const b = BUILDERS[arch];
  return arch === 'MobileNet' || arch === 'MobileNetV2' ? `${b.modelName}_${alpha.toFixed(2)}_${rows}` : b.modelName;
}

/** Builds the architecture with random (seeded) or zero weights. */
export function buildArchitecture(arch: Architecture | string, opts: BuildOptions): LayersModel {
  const alpha = checkArchitecture(arch, opts.inputSize, opts.alpha);
  const builder = BUILDERS[arch as KerasArchitecture];
  const t = tf();
  const g = new KerasGraph(t, { seed: opts.seed ?? 42, fastInit: opts.fastInit, kernelInit: builder.kernelInit });
  const input = t.input({ shape: [opts.inputSize[0], opts.inputSize[1], 3], name: 'input_1' });
  const output = builder.build(g, input, alpha);
  return t.model({ inputs: input, outputs: output, name: kerasModelName(arch as KerasArchitecture, alpha, opts.inputSize[0]) });
}
