/** A batch size that keeps a backbone's activations within a memory budget. */
import type { LayersModel } from '@tensorflow/tfjs';

/** Floats in the largest layer output of one photo. */
export function largestActivation(model: LayersModel): number {
  let largest = 0;
  for (const layer of model.layers) {
    let shapes: unknown;
    try {
      shapes = layer.outputShape;
    } catch {
      continue; // a layer with several differently shaped calls
    }
    const list = (Array.isArray(shapes) && Array.isArray(shapes[0]) ? shapes : [shapes]) as (number | null)[][];
    for (const s of list) largest = Math.max(largest, s.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1));
  }
  return largest;
}

/** Photos per batch so that two of the largest activations fit in `budgetBytes`, between 1 and `cap`. */
export function batchForBudget(model: LayersModel, budgetBytes: number, cap: number): number {
  const perPhoto = 2 * 4 * Math.max(1, largestActivation(model));
  return Math.max(1, Math.min(cap, Math.floor(budgetBytes / perPhoto)));
}
