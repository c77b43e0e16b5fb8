/**
 * The preprocessing modes of src/shared/config/architectures.ts on plain arrays: NHWC float pixels
 * 0..255 in RGB order, channels last (any number of images). For runtimes without tfjs.
 *   caffe: RGB->BGR, then subtract the ImageNet mean in BGR order (no scaling)
 *   tf:    x / 127.5 - 1
 *   torch: x / 255, then (x - mean) / std per RGB channel
 *   raw:   unchanged (EfficientNet normalises inside the model)
 *   none:  x / 255
 */
import type { Preprocessing } from '../../shared/config/architectures';

export const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;
export const TORCH_MEAN_RGB = [0.485, 0.456, 0.406] as const;
export const TORCH_STD_RGB = [0.229, 0.224, 0.225] as const;

/** Returns a new array; `pixels.length` must be a multiple of 3. */
export function preprocessPixels(pixels: ArrayLike<number>, mode: Preprocessing): Float32Array {
  const n = pixels.length;
  if (n % 3 !== 0) throw new Error(`preprocessPixels expects RGB triples; got ${n} values.`);
  const out = new Float32Array(n);
  switch (mode) {
    case 'caffe':
      for (let i = 0; i < n; i += 3) {
        out[i] = pixels[i + 2] - CAFFE_MEAN_BGR[0];
        out[i + 1] = pixels[i + 1] - CAFFE_MEAN_BGR[1];
        out[i + 2] = pixels[i] - CAFFE_MEAN_BGR[2];
      }
      return out;
    case 'tf':
      for (let i = 0; i < n; i++) out[i] = pixels[i] / 127.5 - 1;
      return out;
    case 'torch':
      for (let i = 0; i < n; i++) {
        const c = i % 3;
        out[i] = (pixels[i] / 255 - TORCH_MEAN_RGB[c]) / TORCH_STD_RGB[c];
      }
      return out;
    case 'raw':
      out.set(pixels);
      return out;
    case 'none':
      for (let i = 0; i < n; i++) out[i] = pixels[i] / 255;
      return out;
    default:
      throw new Error(`Unknown preprocessing "${String(mode)}".`);
  }
}
