/**
 * onnxruntime-node, loaded lazily: its native binary exists only for some platforms, so a failed
 * load must leave the TensorFlow.js extractor usable.
 */
import type * as Ort from 'onnxruntime-node';
import { encodeModel, TENSOR_FLOAT } from './onnxProto';

export type OrtModule = typeof Ort;

let loading: Promise<OrtModule> | undefined;

export function loadOnnxRuntime(): Promise<OrtModule> {
  loading ??= import('onnxruntime-node').then((m) => m as OrtModule);
  return loading;
}

export type OnnxRuntimeStatus = { ok: true; version: string } | { ok: false; why: string };

let checked: Promise<OnnxRuntimeStatus> | undefined;

/** Loads onnxruntime-node and runs a one-node model through it; never throws. */
export function onnxRuntimeAvailable(): Promise<OnnxRuntimeStatus> {
  checked ??= probe();
  return checked;
}

async function probe(): Promise<OnnxRuntimeStatus> {
  try {
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(reluModel(), { executionProviders: ['cpu'], intraOpNumThreads: 1 });
    try {
      const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([-1, 2]), [2]) });
      const y = out.y.data as Float32Array;
      if (y[0] !== 0 || y[1] !== 2) return { ok: false, why: `onnxruntime-node computed relu([-1, 2]) = [${Array.from(y).join(', ')}]` };
    } finally {
      await session.release();
    }
    return { ok: true, version: ort.env.versions.common };
  } catch (err) {
    return { ok: false, why: err instanceof Error ? err.message : String(err) };
  }
}

function reluModel(): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    producerName: 'cats-vs-dogs-lab',
    producerVersion: 'probe',
    graph: {
      name: 'probe',
      nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'], name: 'relu' }],
      initializers: [],
      inputs: [{ name: 'x', elemType: TENSOR_FLOAT, shape: [2] }],
      outputs: [{ name: 'y', elemType: TENSOR_FLOAT, shape: [2] }],
    },
  });
}
