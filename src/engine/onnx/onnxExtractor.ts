/** The frozen backbone exported to ONNX and run by onnxruntime-node on the CPU. */
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { LayersModel } from '@tensorflow/tfjs';
import type { Preprocessing } from '../../shared/config/architectures';
import { writeFileAtomic } from '../../shared/node/atomicWrite';
import { EngineError } from '../errors';
import { batchForBudget } from '../features/batchSize';
import type { FeatureExtractor } from '../features/extractor';
import { exportToOnnx, ONNX_FALLBACK_HINT, ONNX_INPUT, ONNX_OUTPUT } from './exportModel';
import { loadOnnxRuntime, type OrtModule } from './ortRuntime';

export interface OnnxExtractorOptions {
  preprocessing: Preprocessing;
  /** Largest batch per run; by default what keeps activations under about 512 MB, at most 16 (larger batches are no faster). */
  maxBatch?: number;
  /** Intra-op threads; default os.availableParallelism(). */
  threads?: number;
  /**
   * Let idle worker threads spin (onnxruntime's default, fastest alone). Turn off when other work
   * (photo decoding) runs at the same time, so waiting threads do not take its CPU.
   */
  spinning?: boolean;
  /**
   * An .onnx file to reuse if it exists, or to write after exporting. The caller keys its name by
   * everything the graph depends on (weights hash, input size, preprocessing, output layer).
   */
  cacheFile?: string;
}

const ACTIVATION_BUDGET = 512 * 2 ** 20;
const MAX_BATCH_CAP = 16;

type Session = Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;

export async function createOnnxExtractor(model: LayersModel, opts: OnnxExtractorOptions): Promise<FeatureExtractor> {
  const inShape = model.inputs[0]?.shape ?? [];
  const [h, w] = [inShape[1], inShape[2]];
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || h == null || w == null) {
    throw new EngineError('backend', 'the ONNX extractor needs a model with one input of fixed size and one output', ONNX_FALLBACK_HINT);
  }
  const featureShape = model.outputs[0].shape.slice(1) as number[];
  const bytes = await modelBytes(model, opts);

  let ort: OrtModule;
  try {
    ort = await loadOnnxRuntime();
  } catch (err) {
    throw new EngineError('backend', `onnxruntime-node could not be loaded: ${err instanceof Error ? err.message : String(err)}`, ONNX_FALLBACK_HINT);
  }
  let session: Session;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: opts.threads ?? availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      ...(opts.spinning === false ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
    });
  } catch (err) {
    if (opts.cacheFile) await fs.rm(opts.cacheFile, { force: true }); // never reuse a file ORT rejects
    throw new EngineError('backend', `onnxruntime-node rejected the exported backbone: ${err instanceof Error ? err.message : String(err)}`, ONNX_FALLBACK_HINT);
  }
  return new OnnxExtractor(ort, session, [h, w], featureShape, opts.maxBatch ?? batchForBudget(model, ACTIVATION_BUDGET, MAX_BATCH_CAP));
}

async function modelBytes(model: LayersModel, opts: OnnxExtractorOptions): Promise<Uint8Array> {
  if (opts.cacheFile) {
    try {
      return new Uint8Array(await fs.readFile(opts.cacheFile));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const bytes = exportToOnnx(model, { preprocessing: opts.preprocessing, batch: 'dynamic' });
  if (opts.cacheFile) await writeFileAtomic(opts.cacheFile, bytes);
  return bytes;
}

class OnnxExtractor implements FeatureExtractor {
  readonly name = 'onnxruntime-cpu';
  private readonly perPhotoIn: number;
  private readonly perPhotoOut: number;
  private released = false;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: Session,
    readonly inputSize: [number, number],
    readonly featureShape: number[],
    readonly maxBatch: number,
  ) {
    this.perPhotoIn = inputSize[0] * inputSize[1] * 3;
    this.perPhotoOut = featureShape.reduce((a, b) => a * b, 1);
  }

  async extract(pixels: Float32Array, count: number): Promise<Float32Array> {
    if (this.released) throw new Error('the ONNX extractor was disposed');
    if (pixels.length !== count * this.perPhotoIn) {
      throw new Error(`extract: ${pixels.length} floats for ${count} photos of ${this.inputSize.join('x')}x3`);
    }
    const out = new Float32Array(count * this.perPhotoOut);
    for (let start = 0; start < count; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - start);
      const input = new this.ort.Tensor('float32', pixels.subarray(start * this.perPhotoIn, (start + n) * this.perPhotoIn), [n, this.inputSize[0], this.inputSize[1], 3]);
      const result = await this.session.run({ [ONNX_INPUT]: input });
      const features = result[ONNX_OUTPUT];
      out.set(features.data as Float32Array, start * this.perPhotoOut);
      features.dispose();
    }
    return out;
  }

  async dispose(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
