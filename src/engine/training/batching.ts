/** Batch index lists for an epoch: shuffled with the run's seed, the last batch possibly smaller. */
import { mulberry32, shuffleInPlace } from '../util/random';

export function epochBatches(count: number, batchSize: number, seed: number, epoch: number, shuffle: boolean): number[][] {
  const order = Array.from({ length: count }, (_, i) => i);
  if (shuffle) shuffleInPlace(order, mulberry32((seed * 1000003 + epoch * 7919) >>> 0));
  const batches: number[][] = [];
  for (let i = 0; i < count; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}
