/** The feature-cache key of a run's frozen backbone: training and evaluate/predict must build the same one. */
import type { ExperimentConfig } from '../../shared/config/types';
import type { Backbone } from '../backbones';
import type { FeatureKeySpec } from '../features/key';

export function featureKeyOf(backbone: Backbone, spec: ExperimentConfig['backbone']): FeatureKeySpec {
  return {
    architecture: spec.architecture,
    alpha: spec.alpha,
    weightsId: backbone.weightsId,
    outputLayer: backbone.outputLayer,
    inputSize: backbone.inputSize,
    preprocessing: backbone.preprocessing,
    resize: 'bilinear',
    featureShape: backbone.featureShape,
  };
}
