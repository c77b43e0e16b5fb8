/**
 * The feature-cache key of a run's frozen backbone: training, evaluate/predict and the benchmark must
 * build the same one.
 */
import type { Backbone } from '../backbones';
import type { FeatureKeySpec } from '../features/key';

export function featureKeyOf(backbone: Backbone, alpha: number | undefined): FeatureKeySpec {
  return {
    architecture: backbone.architecture,
    alpha,
    weightsId: backbone.weightsId,
    outputLayer: backbone.outputLayer,
    inputSize: backbone.inputSize,
    preprocessing: backbone.preprocessing,
    resize: 'bilinear',
    featureShape: backbone.featureShape,
  };
}
