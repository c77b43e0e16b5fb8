/** The preprocessing modes (see preprocessArray.ts) as tfjs ops on a float32 NHWC tensor of 0..255 RGB pixels. */
import type { Preprocessing } from '../../shared/config/architectures';
import { tf } from '../tf/tf';
import { CAFFE_MEAN_BGR, TORCH_MEAN_RGB, TORCH_STD_RGB } from './preprocessArray';
import type { Tensor } from './tfTypes';

/** Returns a new tensor (the input is not disposed). */
export function preprocessTensor(x: Tensor, mode: Preprocessing): Tensor {
  const t = tf();
  return t.tidy(() => {
    const f = x.dtype === 'float32' ? x : t.cast(x, 'float32');
    switch (mode) {
      case 'caffe':
        return t.sub(t.reverse(f, -1), t.tensor1d([...CAFFE_MEAN_BGR]));
      case 'tf':
        return t.sub(t.div(f, 127.5), 1);
      case 'torch':
        return t.div(t.sub(t.div(f, 255), t.tensor1d([...TORCH_MEAN_RGB])), t.tensor1d([...TORCH_STD_RGB]));
      case 'raw':
        return f === x ? t.clone(f) : f;
      case 'none':
        return t.div(f, 255);
      default:
        throw new Error(`Unknown preprocessing "${String(mode)}".`);
    }
  });
}
