/**
 * Which extractor computes a frozen backbone's features. On a GPU backend the backbone runs there;
 * on the CPU, onnxruntime-node runs the same backbone exported to ONNX about ten times faster than
 * tfjs' wasm backend. $CATS_DOGS_EXTRACTOR=tfjs|onnx forces one.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { BackendName } from '../../shared/protocol/engine';
import type { Backbone } from '../backbones';
import { EngineError } from '../errors';
import type { FeatureExtractor } from '../features/extractor';
import { createTfjsExtractor } from '../features/tfjsExtractor';
import { createOnnxExtractor } from '../onnx/onnxExtractor';
import { onnxRuntimeAvailable } from '../onnx/ortRuntime';

export interface ExtractorChoice {
  extractor: FeatureExtractor;
  /** Why this one, for the log. */
  reason: string;
  /** onnxruntime-node's version when it computes the features (the run's summary records it). */
  onnxruntime?: string;
}

const GPU_BACKENDS: ReadonlySet<BackendName> = new Set(['tensorflow-gpu', 'webgpu']);

/**
 * An .onnx file name that changes whenever the exported graph would. The weights id can be long (a
 * fine-tuned backbone's holds two hashes and a layer name), so it goes into the name as a hash.
 */
export function onnxCacheFile(cacheDir: string, backbone: Pick<Backbone, 'architecture' | 'inputSize' | 'preprocessing' | 'weightsId'>): string {
  const [h, w] = backbone.inputSize;
  const weights = createHash('sha256').update(backbone.weightsId).digest('hex').slice(0, 32);
  return join(cacheDir, 'onnx', `${backbone.architecture}-${h}x${w}-${backbone.preprocessing}-${weights}.onnx`);
}

export async function chooseExtractor(backbone: Backbone, backend: BackendName, cacheDir: string, log: (msg: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<ExtractorChoice> {
  const forced = env.CATS_DOGS_EXTRACTOR;
  if (forced && forced !== 'tfjs' && forced !== 'onnx') throw new EngineError('config', `CATS_DOGS_EXTRACTOR is "${forced}"; use tfjs or onnx.`);
  const tfjs = (reason: string): ExtractorChoice => ({ extractor: createTfjsExtractor(backbone.model, { preprocessing: backbone.preprocessing }), reason });
  if (forced === 'tfjs') return tfjs('forced by CATS_DOGS_EXTRACTOR=tfjs');
  if (forced !== 'onnx' && GPU_BACKENDS.has(backend)) return tfjs(`the backbone runs on the ${backend} GPU backend`);
  const ort = await onnxRuntimeAvailable();
  if (!ort.ok) {
    if (forced === 'onnx') throw new EngineError('backend', `onnxruntime-node is not usable: ${ort.why}`);
    return tfjs(`onnxruntime-node is not usable (${ort.why})`);
  }
  try {
    const extractor = await createOnnxExtractor(backbone.model, { preprocessing: backbone.preprocessing, cacheFile: onnxCacheFile(cacheDir, backbone), spinning: false });
    return { extractor, reason: `onnxruntime-node ${ort.version} on the CPU (much faster than ${backend} for a frozen backbone)`, onnxruntime: ort.version };
  } catch (err) {
    if (forced === 'onnx') throw err;
    log(`The ONNX export failed, so the backbone runs on TensorFlow.js (${backend}) instead: ${err instanceof Error ? err.message : String(err)}`);
    return tfjs(`the ONNX export failed`);
  }
}
