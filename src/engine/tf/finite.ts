/**
 * Guards for results that went wrong without an exception. On WebGPU a buffer past the adapter's
 * limits makes the GPU reject the kernel (a validation error tfjs never looks at) and the output stays
 * zeros or NaN, so the engine checks forward-pass outputs (features, predictions, losses) before
 * trusting them: for NaN and infinity, and for GPU errors reported since the last check.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { EngineError } from '../errors';
import { backendCapabilities, selectedBackend } from './backends';
import { tf } from './tf';
import { takeGpuErrors } from './webgpu';

/** Index of the first NaN or infinite value, or -1 when all are finite. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return i;
  }
  return -1;
}

/**
 * Throws EngineError('backend') when `values` holds NaN or infinity, or when the GPU reported an
 * error since the last check. `what` names the values in the message ("features of batch 3"). A
 * tensor is checked on its own backend and only one boolean is read back.
 */
export async function checkFinite(values: Tensor | Float32Array, what: string): Promise<void> {
  let bad: number | undefined;
  if (values instanceof Float32Array) {
    const index = firstNonFinite(values);
    bad = index < 0 ? undefined : values[index];
  } else {
    const allFinite = tf().tidy(() => tf().all(tf().isFinite(values.reshape([-1]))));
    const ok = (await allFinite.data())[0] === 1;
    allFinite.dispose();
    bad = ok ? undefined : NaN;
  }
  const backend = selectedBackend();
  const gpuErrors = backend === 'webgpu' ? takeGpuErrors() : [];
  if (gpuErrors.length) {
    throw new EngineError('backend', `The GPU rejected work while computing ${what}: ${gpuErrors[0]}`, nonFiniteHint(backend));
  }
  if (bad === undefined) return;
  throw new EngineError('backend', `${capitalize(what)} contain ${Number.isNaN(bad) ? 'NaN' : 'infinite'} values${backend ? ` on the ${backend} backend` : ''}.`, nonFiniteHint(backend));
}

function nonFiniteHint(backend: string | undefined): string {
  if (backend === 'webgpu') {
    const limit = backendCapabilities('webgpu').maxStorageBufferBytes;
    const mib = limit ? ` (${Math.floor(limit / 2 ** 20)} MiB here)` : '';
    return `A GPU buffer was probably larger than the adapter allows${mib}: use a smaller training.batchSize or backbone.inputSize, or another backend.`;
  }
  return 'Lower training.learningRate if the loss diverged, and check the photos and weights for damage.';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
