/** The Keras Applications backbones the lab uses, with the facts every room needs about them. */

export const ARCHITECTURES = [
  'VGG16',
  'ResNet50',
  'InceptionV3',
  'InceptionResNetV2',
  'MobileNet',
  'MobileNetV2',
  'EfficientNetB0',
  'custom',
] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export const PREPROCESSINGS = ['caffe', 'tf', 'torch', 'raw', 'none'] as const;
/**
 * caffe: RGB->BGR then subtract the ImageNet BGR mean (VGG16, ResNet50);
 * tf: scale to [-1, 1] (Inception, MobileNet families);
 * torch: scale to [0, 1] then normalise by ImageNet mean/std;
 * raw: pixels 0..255 as floats (EfficientNet normalises inside the model);
 * none: pixels divided by 255.
 */
export type Preprocessing = (typeof PREPROCESSINGS)[number];

export interface ArchitectureInfo {
  /** Default input side in pixels. */
  defaultInputSize: number;
  /** Smallest input side Keras accepts for include_top=False. */
  minInputSize: number;
  preprocessing: Preprocessing;
  /** Allowed width multipliers, if the family has them. */
  alphas?: readonly number[];
  defaultAlpha?: number;
  /** Parameter count of Keras's include_top=False model at the default alpha (a cheap correctness check). */
  notopParams?: number;
  /** One line for completion and hovers. */
  summary: string;
}

export const ARCHITECTURE_INFO: Record<Architecture, ArchitectureInfo> = {
  VGG16: { defaultInputSize: 224, minInputSize: 32, preprocessing: 'caffe', notopParams: 14_714_688, summary: 'VGG16: 13 conv layers, 14.7 M parameters; the lab baseline.' },
  ResNet50: { defaultInputSize: 224, minInputSize: 32, preprocessing: 'caffe', notopParams: 23_587_712, summary: 'ResNet50: residual network, 23.6 M parameters.' },
  InceptionV3: { defaultInputSize: 299, minInputSize: 75, preprocessing: 'tf', notopParams: 21_802_784, summary: 'InceptionV3: 21.8 M parameters, inputs of at least 75 px.' },
  InceptionResNetV2: { defaultInputSize: 299, minInputSize: 75, preprocessing: 'tf', notopParams: 54_336_736, summary: 'InceptionResNetV2: 54.3 M parameters, the most accurate and the slowest.' },
  MobileNet: { defaultInputSize: 224, minInputSize: 32, preprocessing: 'tf', alphas: [0.25, 0.5, 0.75, 1.0], defaultAlpha: 1.0, notopParams: 3_228_864, summary: 'MobileNet v1: depthwise-separable convolutions; alpha 0.25 to 1.0.' },
  MobileNetV2: { defaultInputSize: 224, minInputSize: 32, preprocessing: 'tf', alphas: [0.35, 0.5, 0.75, 1.0, 1.3, 1.4], defaultAlpha: 1.0, notopParams: 2_257_984, summary: 'MobileNetV2: inverted residuals; alpha 0.35 to 1.4.' },
  EfficientNetB0: { defaultInputSize: 224, minInputSize: 32, preprocessing: 'raw', notopParams: 4_049_571, summary: 'EfficientNetB0: compound-scaled network; normalises its input inside the model.' },
  custom: { defaultInputSize: 224, minInputSize: 1, preprocessing: 'tf', summary: 'A TensorFlow.js layers model.json or Keras .h5 of your own; set outputLayer and preprocessing.' },
};

export function isArchitecture(value: unknown): value is Architecture {
  return typeof value === 'string' && (ARCHITECTURES as readonly string[]).includes(value);
}
