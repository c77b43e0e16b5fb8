/**
 * tfjs-backend-wasm multiplies matrices fast (XNNPACK) only when neither input is transposed; with
 * transposeA or transposeB it falls back to a plain loop that is 15-45x slower. Training a Dense
 * layer asks for exactly those products (dW = x^T dy, dx = dy W^T): measured on 2 cores, one
 * training step of the lab's head (8,192 features -> Dense 256, batch 64) took 570 ms, of which
 * 500 ms was x^T dy; transposing x first (a copy of 64 x 8,192 floats) and multiplying took 29 ms.
 *
 * So the wasm BatchMatMul and _FusedMatMul kernels are wrapped: a transposed input is transposed
 * explicitly (the wasm Transpose kernel), then the fast path runs. Same products, summed in another
 * order (float32 rounding differences only). Must run after the wasm package is loaded (which
 * registers its kernels) and before the backend is first initialised (when kernel setups run).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { bundledTf } from './tf';

const WRAPPED = new Set<string>();

type KernelArgs = Parameters<KernelFunc>[0];
type Backend = { disposeData(dataId: object): unknown };

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/** Wraps the wasm kernel `name` (inputs a and b, attrs transposeA and transposeB). Idempotent. */
function wrapMatMulKernel(name: string): void {
  const tf = bundledTf();
  if (WRAPPED.has(name)) return;
  const original = tf.getKernel(name, 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return;
  const inner = original.kernelFunc;
  const transposeFunc = transpose.kernelFunc;
  const kernelFunc = ((args: KernelArgs) => {
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return inner(args);
    const made: TensorInfo[] = [];
    const explicit = (x: TensorInfo): TensorInfo => {
      const t = transposeFunc({ inputs: { x }, backend: args.backend, attrs: { perm: swapLastTwo(x.shape.length) } }) as TensorInfo;
      made.push(t);
      return t;
    };
    const inputs = { ...args.inputs } as Record<string, TensorInfo>;
    if (attrs.transposeA) inputs.a = explicit(inputs.a);
    if (attrs.transposeB) inputs.b = explicit(inputs.b);
    try {
      return inner({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of made) (args.backend as unknown as Backend).disposeData(t.dataId);
    }
  }) as KernelFunc;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc } as KernelConfig);
  WRAPPED.add(name);
}

export function useFastWasmMatMul(): void {
  wrapMatMulKernel('BatchMatMul');
  wrapMatMulKernel('_FusedMatMul');
}
