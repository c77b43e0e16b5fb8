/**
 * A head that cannot fit is refused before anything is built, with what makes it big: a Flatten head
 * on a large feature map (inputSize 1024 gives MobileNet 32x32x256 = 262,144 features, so Dense(4096)
 * after it has 1.07e9 weights) or a huge batch of such features. Without this, the wasm backend
 * fails after 30 s and 4 GiB as "offset is out of bounds", and the host may be killed by the system.
 *
 * The estimate is a lower bound: weights, their gradients and Adam's two slots (4 float32 copies),
 * plus a batch's activations kept for the backward pass, their gradients and one temporary (3 copies).
 */
import { totalmem } from 'node:os';
import type { ExperimentConfig } from '../../shared/config/types';
import { OUT_OF_MEMORY_HINT, type BackendName } from '../../shared/protocol/engine';
import { EngineError } from '../errors';

const GiB = 1024 ** 3;
/** tfjs' wasm heap is a 32-bit WebAssembly memory: 4 GiB at most (measured: the 5th 1 GiB tensor fails). */
export const WASM_HEAP_BYTES = 4 * GiB;

export interface HeadEstimate {
  /** Values one photo's features give the first Dense layer (after pooling). */
  inputs: number;
  params: number;
  weightBytes: number;
  batchBytes: number;
  bytes: number;
}

export function estimateHeadTraining(featureShape: readonly number[], head: ExperimentConfig['head'], batchSize: number): HeadEstimate {
  const inputs = featureShape.length === 3 && head.pooling !== 'flatten' ? featureShape[2] : featureShape.reduce((a, b) => a * b, 1);
  let params = 0;
  let width = inputs;
  let activations = inputs;
  for (const layer of head.layers) {
    params += width * layer.units + layer.units;
    activations += layer.units * (layer.dropout > 0 ? 2 : 1);
    width = layer.units;
  }
  params += width + 1;
  activations += 1;
  const weightBytes = 4 * 4 * params;
  const batchBytes = 3 * 4 * batchSize * activations;
  return { inputs, params, weightBytes, batchBytes, bytes: weightBytes + batchBytes };
}

/** What the backend can hold: the wasm heap, else the machine's memory. */
export function memoryBudget(backend: BackendName, machineBytes = totalmem()): { bytes: number; what: string } {
  if (backend === 'wasm') return { bytes: WASM_HEAP_BYTES, what: "the wasm backend's 4 GiB" };
  return { bytes: machineBytes, what: `this computer's ${(machineBytes / GiB).toFixed(0)} GiB of memory` };
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** Throws an out-of-memory EngineError, saying why and what to change, when the head cannot fit. */
export function checkHeadFits(featureShape: readonly number[], config: ExperimentConfig, backend: BackendName, machineBytes?: number): void {
  const e = estimateHeadTraining(featureShape, config.head, config.training.batchSize);
  const budget = memoryBudget(backend, machineBytes);
  if (e.bytes <= budget.bytes) return;
  const first = config.head.layers[0];
  const why =
    e.batchBytes > e.weightBytes
      ? `a batch of ${config.training.batchSize} photos holds ${e.inputs.toLocaleString('en-US')} feature values each (${gb(e.batchBytes)} with its gradients)`
      : `the head has ${e.params.toLocaleString('en-US')} weights (${gb(e.weightBytes)} with gradients and Adam's state): ` +
        `${config.head.pooling === 'flatten' ? 'Flatten' : 'pooling'} gives ${e.inputs.toLocaleString('en-US')} values per photo${first ? ` and the first Dense layer has ${first.units} units` : ''}`;
  throw new EngineError(
    'out-of-memory',
    `This experiment needs at least ${gb(e.bytes)} to train, more than ${budget.what}: ${why}.`,
    OUT_OF_MEMORY_HINT,
    e.batchBytes > e.weightBytes ? 'training.batchSize' : 'head.pooling',
  );
}
