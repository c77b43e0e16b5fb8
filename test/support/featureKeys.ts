import type { FeatureKeySpec } from '../../src/engine/features/key';
import type { BlockMeanExtractor } from './blockExtractor';

/** The feature cache key of the block-mean test double. */
export function blockKey(extractor: BlockMeanExtractor, over: Partial<FeatureKeySpec> = {}): FeatureKeySpec {
  return {
    architecture: 'custom',
    weightsId: 'test-block-mean',
    inputSize: extractor.inputSize,
    preprocessing: 'none',
    resize: 'bilinear',
    featureShape: extractor.featureShape,
    ...over,
  };
}
