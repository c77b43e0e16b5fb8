/**
 * onnxruntime-node's own ceiling for a backbone: session.run alone on tensors made once from
 * pre-decoded photos (no decoding, no JS preprocessing, no copies), with the session options the
 * engine uses. Idle worker threads may spin (ORT's default, fastest alone) or not (the engine's
 * setting while photos decode alongside); the faster of the two is the reference.
 */
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ONNX_INPUT, ONNX_OUTPUT } from '../onnx/exportModel';
import { loadOnnxRuntime } from '../onnx/ortRuntime';
import { measureLoop, type LoopBudget } from './measure';
import type { Rate } from './types';

export interface PixelPool {
  /** count photos, NHWC RGB 0..255. */
  pixels: Float32Array;
  count: number;
  size: number;
}

/** `spinModes`: [true, false] measures both and keeps the faster; a smoke run measures one. */
export async function ortReference(onnxFile: string, pool: PixelPool, batch: number, budget: LoopBudget, spinModes: readonly boolean[] = [true, false]): Promise<Rate> {
  const ort = await loadOnnxRuntime();
  const bytes = new Uint8Array(await fs.readFile(onnxFile));
  const perPhoto = pool.size * pool.size * 3;
  const size = Math.max(1, Math.min(batch, pool.count));
  const tensors = Array.from({ length: Math.max(1, Math.floor(pool.count / size)) }, (_, b) =>
    new ort.Tensor('float32', pool.pixels.subarray(b * size * perPhoto, (b + 1) * size * perPhoto), [size, pool.size, pool.size, 3]),
  );
  let best: Rate | undefined;
  for (const spinning of spinModes) {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      ...(spinning ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
    });
    try {
      const rate = await measureLoop(
        budget,
        async (i) => {
          const out = await session.run({ [ONNX_INPUT]: tensors[Math.max(0, i) % tensors.length] });
          out[ONNX_OUTPUT].dispose();
          return size;
        },
        `session.run, batch ${size}, ${availableParallelism()} threads, ${spinning ? 'spinning' : 'no spinning'}`,
      );
      if (!best || rate.photosPerSecond > best.photosPerSecond) best = rate;
    } finally {
      await session.release();
    }
  }
  return best!;
}
