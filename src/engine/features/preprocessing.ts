/**
 * Keras Applications input preprocessing as one per-channel affine map, shared by every extractor
 * so that the TensorFlow.js and ONNX paths compute exactly the same thing:
 *   out[c] = in[bgr ? 2 - c : c] * scale[c] + offset[c]   (in: RGB 0..255, NHWC)
 */
import type { Preprocessing } from '../../shared/config/architectures';

export interface ChannelAffine {
  /** Reverse the channels (RGB -> BGR) before scaling. */
  bgr: boolean;
  scale: [number, number, number];
  offset: [number, number, number];
}

/** ImageNet channel means in BGR order, as keras.applications.imagenet_utils subtracts them ('caffe'). */
const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];
const TORCH_MEAN = [0.485, 0.456, 0.406];
const TORCH_STD = [0.229, 0.224, 0.225];

export function preprocessingAffine(mode: Preprocessing): ChannelAffine {
  switch (mode) {
    case 'caffe':
      return { bgr: true, scale: [1, 1, 1], offset: [-CAFFE_MEAN_BGR[0], -CAFFE_MEAN_BGR[1], -CAFFE_MEAN_BGR[2]] };
    case 'tf':
      return { bgr: false, scale: [1 / 127.5, 1 / 127.5, 1 / 127.5], offset: [-1, -1, -1] };
    case 'torch':
      return {
        bgr: false,
        scale: [0, 1, 2].map((c) => 1 / (255 * TORCH_STD[c])) as [number, number, number],
        offset: [0, 1, 2].map((c) => -TORCH_MEAN[c] / TORCH_STD[c]) as [number, number, number],
      };
    case 'raw':
      return { bgr: false, scale: [1, 1, 1], offset: [0, 0, 0] };
    case 'none':
      return { bgr: false, scale: [1 / 255, 1 / 255, 1 / 255], offset: [0, 0, 0] };
    default: {
      const never: never = mode;
      throw new Error(`unknown preprocessing ${String(never)}`);
    }
  }
}

export function isIdentityAffine(a: ChannelAffine): boolean {
  return !a.bgr && a.scale.every((s) => s === 1) && a.offset.every((o) => o === 0);
}
