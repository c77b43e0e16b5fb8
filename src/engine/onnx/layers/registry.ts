/** Layer class name -> converter. */
import { convertActivation, convertELU, convertLeakyReLU, convertReLU, convertSoftmax, convertThresholdedReLU } from './activations';
import type { LayerConverter } from './context';
import { convertConv2D, convertDense, convertDepthwiseConv2D, convertSeparableConv2D } from './convolution';
import { convertAdd, convertAverage, convertConcatenate, convertCustomScaleLayer, convertMaximum, convertMinimum, convertMultiply, convertSubtract } from './merge';
import { convertBatchNormalization, convertNormalization, convertRescaling } from './normalization';
import { convertAveragePooling2D, convertGlobalAveragePooling2D, convertGlobalMaxPooling2D, convertMaxPooling2D } from './pooling';
import { convertCropping2D, convertFlatten, convertIdentity, convertPermute, convertReshape, convertZeroPadding2D } from './shape';

export const LAYER_CONVERTERS: Readonly<Record<string, LayerConverter>> = {
  InputLayer: convertIdentity,
  Conv2D: convertConv2D,
  DepthwiseConv2D: convertDepthwiseConv2D,
  SeparableConv2D: convertSeparableConv2D,
  Dense: convertDense,
  BatchNormalization: convertBatchNormalization,
  Normalization: convertNormalization,
  Rescaling: convertRescaling,
  Activation: convertActivation,
  ReLU: convertReLU,
  LeakyReLU: convertLeakyReLU,
  ELU: convertELU,
  ThresholdedReLU: convertThresholdedReLU,
  Softmax: convertSoftmax,
  ZeroPadding2D: convertZeroPadding2D,
  Cropping2D: convertCropping2D,
  MaxPooling2D: convertMaxPooling2D,
  MaxPool2D: convertMaxPooling2D,
  AveragePooling2D: convertAveragePooling2D,
  AvgPool2D: convertAveragePooling2D,
  GlobalAveragePooling2D: convertGlobalAveragePooling2D,
  GlobalAvgPool2D: convertGlobalAveragePooling2D,
  GlobalMaxPooling2D: convertGlobalMaxPooling2D,
  GlobalMaxPool2D: convertGlobalMaxPooling2D,
  Add: convertAdd,
  Subtract: convertSubtract,
  Multiply: convertMultiply,
  Average: convertAverage,
  Maximum: convertMaximum,
  Minimum: convertMinimum,
  Concatenate: convertConcatenate,
  CustomScaleLayer: convertCustomScaleLayer,
  Reshape: convertReshape,
  Flatten: convertFlatten,
  Permute: convertPermute,
  Dropout: convertIdentity,
  SpatialDropout2D: convertIdentity,
  GaussianNoise: convertIdentity,
  GaussianDropout: convertIdentity,
  AlphaDropout: convertIdentity,
};

/** Layer classes the ONNX exporter handles (nested functional/sequential models are inlined as well). */
export const SUPPORTED_LAYER_CLASSES: readonly string[] = Object.keys(LAYER_CONVERTERS);

/** Layers whose output channels can absorb a following BatchNormalization. */
export const BATCH_NORM_FOLDABLE = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense']);
