/**
 * Where Keras Applications keeps each backbone's include_top=False ImageNet weights, with the MD5
 * Keras checks (MobileNet and MobileNetV2 publish none). MobileNet and MobileNetV2 have one file per
 * alpha and input size; like Keras, a size without its own file uses the 224 one (the weights do not
 * depend on the input size, only the statistics they were trained at).
 */
import type { KerasArchitecture } from '../architectures';

export const DEFAULT_WEIGHTS_BASE_URL = 'https://storage.googleapis.com/';
export const WEIGHTS_BASE_URL_ENV = 'CATS_DOGS_WEIGHTS_BASE_URL';

export interface OfficialWeights {
  /** Path under the base URL, e.g. "tensorflow/keras-applications/vgg16/vgg16_..._notop.h5". */
  path: string;
  /** The file name, which is also its name in the cache. */
  file: string;
  md5?: string;
}

const KA = 'tensorflow/keras-applications';

const FIXED: Partial<Record<KerasArchitecture, { path: string; md5: string }>> = {
  VGG16: { path: `${KA}/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5`, md5: '6d6bbae143d832006294945121d1f1fc' },
  ResNet50: { path: `${KA}/resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5`, md5: '4d473c1dd8becc155b73f8504c6f6626' },
  InceptionV3: { path: `${KA}/inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5`, md5: 'bcbd6486424b2319ff4ef7d526e38f63' },
  InceptionResNetV2: { path: `${KA}/inception_resnet_v2/inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5`, md5: 'd19885ff4a710c122648d3b5c3b684e4' },
  EfficientNetB0: { path: 'keras-applications/efficientnetb0_notop.h5', md5: '50bc09e76180e00e4465e1a485ddc09d' },
};

export const MOBILENET_ROWS = [128, 160, 192, 224];
export const MOBILENET_V2_ROWS = [96, 128, 160, 192, 224];

/** Keras's rule: square inputs of a published size use that size's file, everything else 224. */
export function weightsRows(inputSize: [number, number], published: readonly number[]): number {
  const [h, w] = inputSize;
  return h === w && published.includes(h) ? h : 224;
}

/** Python's str(float(alpha)): 1 -> "1.0", 0.5 -> "0.5", 0.35 -> "0.35". */
export function pythonFloat(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

const MOBILENET_ALPHA_TEXT: Record<string, string> = { '1': '1_0', '0.75': '7_5', '0.5': '5_0', '0.25': '2_5' };

export function officialWeights(arch: KerasArchitecture, alpha: number, inputSize: [number, number]): OfficialWeights {
  const fixed = FIXED[arch];
  if (fixed) return { path: fixed.path, file: fixed.path.split('/').pop()!, md5: fixed.md5 };
  if (arch === 'MobileNet') {
    const text = MOBILENET_ALPHA_TEXT[String(alpha)];
    if (!text) throw new Error(`MobileNet has ImageNet weights for alpha 0.25, 0.5, 0.75 and 1.0, not ${alpha}.`);
    const file = `mobilenet_${text}_${weightsRows(inputSize, MOBILENET_ROWS)}_tf_no_top.h5`;
    return { path: `${KA}/mobilenet/${file}`, file };
  }
  if (arch === 'MobileNetV2') {
    const file = `mobilenet_v2_weights_tf_dim_ordering_tf_kernels_${pythonFloat(alpha)}_${weightsRows(inputSize, MOBILENET_V2_ROWS)}_no_top.h5`;
    return { path: `${KA}/mobilenet_v2/${file}`, file };
  }
  throw new Error(`No official weights known for ${arch}.`);
}

/** The base URL: the option, else $CATS_DOGS_WEIGHTS_BASE_URL, else Google's storage. Always ends with "/". */
export function weightsBaseUrl(option?: string, env: Record<string, string | undefined> = process.env): string {
  const base = option || env[WEIGHTS_BASE_URL_ENV] || DEFAULT_WEIGHTS_BASE_URL;
  return base.endsWith('/') ? base : `${base}/`;
}

export function officialWeightsUrl(w: OfficialWeights, baseUrl?: string): string {
  return weightsBaseUrl(baseUrl) + w.path;
}
