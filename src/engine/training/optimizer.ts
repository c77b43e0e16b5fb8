import type { OptimizerName } from '../../shared/config/types';
import { tf } from '../tf/tf';

export function makeOptimizer(name: OptimizerName, learningRate: number) {
  const t = tf();
  switch (name) {
    case 'adam':
      return t.train.adam(learningRate);
    case 'adamw':
      // tfjs has no AdamW; Adam is the closest and the difference is documented in the schema.
      return t.train.adam(learningRate);
    case 'sgd':
      return t.train.momentum(learningRate, 0.9);
    case 'rmsprop':
      return t.train.rmsprop(learningRate);
  }
}
