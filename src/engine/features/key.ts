/**
 * The feature cache's model key: everything that decides what a frozen backbone outputs for a photo,
 * except the photo itself (keyed separately by its content hash). Change any of these and the key
 * changes, so stale features are never reused: by construction, not by bookkeeping.
 *
 * Deliberately NOT in the key: which extractor computed the features (onnxruntime, tfjs-webgpu,
 * tfjs-cpu...). They run the same backbone and must agree to a small tolerance (tested), so features
 * computed once serve every backend. Nor the head's pooling: the cache holds the feature map before
 * pooling (see cache.ts), so Flatten, GAP and GMP experiments all share one cache.
 */
import { createHash } from 'node:crypto';
import { PIXEL_PIPELINE_VERSION, type ResizeMethod } from '../images/resize';
import { SHARD_FORMAT_VERSION } from './record';

export interface FeatureKeySpec {
  /** Keras architecture name, e.g. "VGG16", or "custom". */
  architecture: string;
  /** Width multiplier (MobileNet families); undefined where the family has none. */
  alpha?: number;
  /** Identifies the weights' content (Backbone.weightsId: a hash of the weights file, or "random:<seed>"). */
  weightsId: string;
  /** The layer whose output is the feature map, when not the architecture's default. */
  outputLayer?: string;
  /** [height, width] in pixels. */
  inputSize: readonly [number, number];
  /** The preprocessing applied to 0..255 pixels before the backbone (caffe, tf, torch, raw, none). */
  preprocessing: string;
  /** How photos are resized to inputSize. */
  resize: ResizeMethod;
  /** Feature map shape of one photo, [h, w, c]. */
  featureShape: readonly number[];
}

/** The canonical text hashed into the key: fixed field order, explicit absences, format versions. */
export function canonicalKeyText(spec: FeatureKeySpec): string {
  return JSON.stringify([
    ['format', SHARD_FORMAT_VERSION],
    ['pixels', PIXEL_PIPELINE_VERSION],
    ['architecture', spec.architecture],
    ['alpha', spec.alpha ?? null],
    ['weights', spec.weightsId],
    ['outputLayer', spec.outputLayer ?? null],
    ['inputSize', [spec.inputSize[0], spec.inputSize[1]]],
    ['preprocessing', spec.preprocessing],
    ['resize', spec.resize],
    ['featureShape', [...spec.featureShape]],
  ]);
}

/**
 * "vgg16-150x150-1f3a...": a readable prefix (for people browsing the cache folder) and 16 hex
 * digits of sha256 over the canonical text (what makes it unique).
 */
export function featureModelKey(spec: FeatureKeySpec): string {
  const digest = createHash('sha256').update(canonicalKeyText(spec)).digest('hex').slice(0, 16);
  const arch = spec.architecture.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const alpha = spec.alpha === undefined ? '' : `-a${spec.alpha}`;
  return `${arch || 'model'}${alpha}-${spec.inputSize[0]}x${spec.inputSize[1]}-${digest}`;
}

/** Model keys are folder names: refuse anything else (clear() must never leave the cache folder). */
export function isModelKey(text: string): boolean {
  return /^[a-z0-9]+(-a[0-9.]+)?-\d+x\d+-[0-9a-f]{16}$/.test(text);
}
