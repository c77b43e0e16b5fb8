/** The frozen backbone run by TensorFlow.js on the active backend (the reference the ONNX path is checked against). */
import type { LayersModel, Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Preprocessing } from '../../shared/config/architectures';
import { tf } from '../tf/tf';
import { batchForBudget } from './batchSize';
import type { FeatureExtractor } from './extractor';
import { isIdentityAffine, preprocessingAffine, type ChannelAffine } from './preprocessing';

export interface TfjsExtractorOptions {
  preprocessing: Preprocessing;
  /** Largest batch per predict call; by default what keeps activations under about 256 MB, at most 32. */
  maxBatch?: number;
  /** Dispose the model with the extractor (default: the caller keeps it). */
  disposeModel?: boolean;
}

const ACTIVATION_BUDGET = 256 * 2 ** 20;

export function createTfjsExtractor(model: LayersModel, opts: TfjsExtractorOptions): FeatureExtractor {
  const inShape = model.inputs[0]?.shape ?? [];
  const [h, w] = [inShape[1], inShape[2]];
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || h == null || w == null || inShape[3] !== 3) {
    throw new Error(`the TensorFlow.js extractor needs a model with one [null, h, w, 3] input and one output; input is [${inShape.join(', ')}]`);
  }
  return new TfjsExtractor(model, [h, w], model.outputs[0].shape.slice(1) as number[], opts.maxBatch ?? batchForBudget(model, ACTIVATION_BUDGET, 32), preprocessingAffine(opts.preprocessing), opts.disposeModel ?? false);
}

/** Applies the preprocessing to an NHWC RGB 0..255 batch (inside a tidy). */
export function preprocessTensor(x: Tensor4D, a: ChannelAffine): Tensor4D {
  if (isIdentityAffine(a)) return x;
  const t = tf();
  let y: Tensor4D = a.bgr ? t.reverse(x, 3) : x;
  if (a.scale.some((s) => s !== 1)) y = t.mul(y, t.tensor1d(a.scale));
  if (a.offset.some((o) => o !== 0)) y = t.add(y, t.tensor1d(a.offset));
  return y;
}

class TfjsExtractor implements FeatureExtractor {
  private readonly perPhotoIn: number;
  private readonly perPhotoOut: number;

  constructor(
    private readonly model: LayersModel,
    readonly inputSize: [number, number],
    readonly featureShape: number[],
    readonly maxBatch: number,
    private readonly affine: ChannelAffine,
    private readonly disposeModel: boolean,
  ) {
    this.perPhotoIn = inputSize[0] * inputSize[1] * 3;
    this.perPhotoOut = featureShape.reduce((a, b) => a * b, 1);
  }

  get name(): string {
    return `tfjs-${tf().getBackend()}`;
  }

  async extract(pixels: Float32Array, count: number): Promise<Float32Array> {
    if (pixels.length !== count * this.perPhotoIn) {
      throw new Error(`extract: ${pixels.length} floats for ${count} photos of ${this.inputSize.join('x')}x3`);
    }
    const out = new Float32Array(count * this.perPhotoOut);
    for (let start = 0; start < count; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - start);
      const y = tf().tidy(() => {
        const x = tf().tensor4d(pixels.subarray(start * this.perPhotoIn, (start + n) * this.perPhotoIn), [n, this.inputSize[0], this.inputSize[1], 3]);
        return this.model.predict(preprocessTensor(x, this.affine)) as Tensor;
      });
      try {
        out.set((await y.data()) as Float32Array, start * this.perPhotoOut);
      } finally {
        y.dispose();
      }
    }
    return out;
  }

  async dispose(): Promise<void> {
    if (this.disposeModel) this.model.dispose();
  }
}
