/**
 * The WebGPU code path end to end on Mesa's llvmpipe through Dawn's OpenGL backend (a software GPU:
 * the same tfjs kernels and WGSL shaders as on a real GPU, run on the CPU). Needs Mesa's EGL and GL
 * drivers: apt-get install -y libegl1 libegl-mesa0 libgl1-mesa-dri.
 */
import { strict as assert } from 'node:assert';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { EngineError } from '../../../src/engine/errors';
import { backendCapabilities, CONV_GRADIENT_KERNELS, selectBackend } from '../../../src/engine/tf/backends';
import { checkFinite } from '../../../src/engine/tf/finite';
import { maxSafeBatch } from '../../../src/engine/tf/safeBatch';
import { bundledTf, tf } from '../../../src/engine/tf/tf';
import { MESA_APT_LINE, takeGpuErrors } from '../../../src/engine/tf/webgpu';
import { restoreDefaultBackend } from './restore';
import { pseudoRandom, relativeError, tinyConvNet } from './tinyNet';

const BATCH = 4;
const SIZE = 16;

async function useSoftwareWebGpu() {
  try {
    return await selectBackend('webgpu', { webgpu: { software: true } });
  } catch (err) {
    const hint = err instanceof EngineError && err.hint ? `\n${err.hint}` : '';
    throw new Error(`The software WebGPU adapter is not available: ${(err as Error).message}${hint}\n(Debian/Ubuntu: ${MESA_APT_LINE})`, { cause: err });
  }
}

interface StepResult {
  prediction: Float32Array;
  loss: number;
  weights: Float32Array[];
}

/** One forward pass and one SGD step of the tiny net on the active backend, from given weights. */
async function forwardAndStep(initial: Float32Array[] | undefined): Promise<StepResult & { initial: Float32Array[] }> {
  const t = tf();
  const model: LayersModel = tinyConvNet(t, SIZE);
  if (initial) model.setWeights(model.getWeights().map((w, i) => t.tensor(initial[i], w.shape)));
  const start = await Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
  const x = t.tensor4d(pseudoRandom(BATCH * SIZE * SIZE * 3, 7), [BATCH, SIZE, SIZE, 3]);
  const y = t.tensor2d([0, 1, 1, 0], [BATCH, 1]);
  const out = model.predict(x) as Tensor;
  await checkFinite(out, 'predictions');
  const prediction = (await out.data()) as Float32Array;
  model.compile({ optimizer: t.train.sgd(0.5), loss: 'binaryCrossentropy' });
  const loss = (await model.trainOnBatch(x, y)) as number;
  const weights = await Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
  t.dispose([x, y, out]);
  model.dispose();
  return { prediction, loss, weights, initial: start };
}

describe('webgpu backend on a software GPU (Dawn OpenGL on Mesa llvmpipe)', () => {
  after(restoreDefaultBackend);

  it('is selected when forced with the software option, and reports the adapter and its limits', async () => {
    const report = await useSoftwareWebGpu();
    assert.equal(report.name, 'webgpu');
    assert.equal(tf().getBackend(), 'webgpu');
    assert.equal(tf(), bundledTf());
    assert.match(report.device, /llvmpipe/);
    assert.match(report.reason, /software renderer \(llvmpipe\)/);
    const caps = backendCapabilities('webgpu');
    assert.equal(caps.softwareRenderer, 'llvmpipe');
    assert.ok(Number.isInteger(caps.maxStorageBufferBytes) && caps.maxStorageBufferBytes! >= 128 * 2 ** 20, String(caps.maxStorageBufferBytes));
    assert.ok(caps.maxBufferBytes! >= caps.maxStorageBufferBytes!);
    assert.equal(CONV_GRADIENT_KERNELS.every((k) => tf().getKernel(k, 'webgpu') !== undefined), caps.convGradients);
  });

  it('runs a small conv net forward and one training step like the cpu backend', async () => {
    await selectBackend('cpu');
    const reference = await forwardAndStep(undefined);
    await useSoftwareWebGpu();
    const gpu = await forwardAndStep(reference.initial);
    const errors = {
      forward: relativeError(gpu.prediction, reference.prediction),
      loss: Math.abs(gpu.loss - reference.loss) / Math.abs(reference.loss),
      weights: Math.max(...gpu.weights.map((w, i) => relativeError(w, reference.weights[i]))),
    };
    console.log(`      relative error webgpu vs cpu: forward ${errors.forward.toExponential(1)}, loss ${errors.loss.toExponential(1)}, weights after a step ${errors.weights.toExponential(1)}`);
    // The step must have changed the weights, or comparing them would prove nothing.
    assert.ok(Math.max(...reference.weights.map((w, i) => relativeError(w, reference.initial[i]))) > 1e-3);
    assert.ok(errors.forward < 1e-4, `forward ${errors.forward}`);
    assert.ok(errors.loss < 1e-4, `loss ${errors.loss}`);
    assert.ok(errors.weights < 1e-4, `weights ${errors.weights}`);
  });

  it('maxSafeBatch is the real limit: one more example and the GPU rejects the work, which checkFinite reports', async () => {
    await useSoftwareWebGpu();
    const t = tf();
    // 1 MiB floats (4 MiB) per example: with a 128 MiB binding limit, batch 32 is the largest that fits.
    const width = 1 << 20;
    const model = t.sequential({ layers: [t.layers.reshape({ inputShape: [width], targetShape: [1024, 1024] }), t.layers.globalAveragePooling1d()] });
    const limit = backendCapabilities('webgpu').maxStorageBufferBytes!;
    const safe = maxSafeBatch(model, [width], { maxStorageBufferBindingSize: limit });
    assert.equal(safe, Math.floor(limit / (width * 4)));
    takeGpuErrors();
    const run = async (batch: number) => {
      // Filled on the GPU: uploading 128 MiB through llvmpipe would be slow.
      const out = t.tidy(() => model.predict(t.fill([batch, width], 0.5)) as Tensor);
      try {
        await checkFinite(out, `outputs at batch ${batch}`);
        return (await out.data())[0];
      } finally {
        out.dispose();
      }
    };
    assert.equal(await run(safe), 0.5);
    await assert.rejects(run(safe + 1), (err: EngineError) => {
      assert.equal(err.code, 'backend');
      assert.match(err.message, /The GPU rejected work while computing outputs at batch \d+: Binding size \(\d+\).*larger than the maximum storage buffer binding size/);
      assert.match(err.hint ?? '', /smaller training\.batchSize/);
      return true;
    });
    model.dispose();
  });

  it('names the Mesa packages when the software adapter is missing', async () => {
    // Dawn rejects Mesa's Vulkan driver (lavapipe), so asking for a software adapter over Vulkan finds none.
    await assert.rejects(selectBackend('webgpu', { webgpu: { software: true, flags: ['backend=vulkan'] } }), (err: EngineError) => {
      assert.equal(err.code, 'backend');
      assert.match(err.message, /no software GPU adapter/);
      assert.ok(err.hint?.includes(MESA_APT_LINE), err.hint);
      return true;
    });
  });
});
