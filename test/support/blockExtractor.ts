/**
 * TEST DOUBLE, not a backbone: a deterministic pure-JS FeatureExtractor for testing the feature
 * cache and the pipeline's mechanics. It averages blocks of pixels, so its features depend on every
 * pixel of the photo (a changed photo gives changed features) and are cheap to compute. It counts
 * the photos it is asked to process, so tests can tell what was recomputed.
 */
import type { FeatureExtractor } from '../../src/engine/features/extractor';

export class BlockMeanExtractor implements FeatureExtractor {
  readonly name = 'test-block-mean';
  readonly featureShape: number[];
  readonly maxBatch = 16;
  /** Photos extracted so far. */
  photos = 0;
  calls = 0;

  constructor(
    readonly inputSize: [number, number] = [32, 32],
    private readonly block = 8,
  ) {
    this.featureShape = [Math.ceil(inputSize[0] / block), Math.ceil(inputSize[1] / block), 4];
  }

  async extract(pixels: Float32Array, count: number): Promise<Float32Array> {
    const [h, w] = this.inputSize;
    if (pixels.length !== count * h * w * 3) throw new Error(`expected ${count * h * w * 3} values, got ${pixels.length}`);
    if (count > this.maxBatch) throw new Error(`batch of ${count} exceeds maxBatch ${this.maxBatch}`);
    this.calls++;
    this.photos += count;
    const [fh, fw, fc] = this.featureShape;
    const out = new Float32Array(count * fh * fw * fc);
    for (let n = 0; n < count; n++) {
      for (let by = 0; by < fh; by++) {
        for (let bx = 0; bx < fw; bx++) {
          let r = 0;
          let g = 0;
          let b = 0;
          let k = 0;
          for (let y = by * this.block; y < Math.min(h, (by + 1) * this.block); y++) {
            for (let x = bx * this.block; x < Math.min(w, (bx + 1) * this.block); x++) {
              const p = ((n * h + y) * w + x) * 3;
              r += pixels[p];
              g += pixels[p + 1];
              b += pixels[p + 2];
              k++;
            }
          }
          const o = (((n * fh + by) * fw + bx) * fc);
          out[o] = r / k;
          out[o + 1] = g / k;
          out[o + 2] = b / k;
          out[o + 3] = (r - b) / k / 7.3; // a value with a fractional part, so float16 rounding shows
        }
      }
    }
    return out;
  }

  async dispose(): Promise<void> {}
}
