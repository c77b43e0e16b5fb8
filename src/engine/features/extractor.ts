/**
 * A frozen backbone as a function from pixels to features. Implementations: TensorFlow.js on the
 * active backend, and onnxruntime-node running the same backbone exported to ONNX (fast on CPU).
 * Both take the same input and must give the same output (checked by tests to a small tolerance).
 */
export interface FeatureExtractor {
  /** e.g. "onnxruntime-cpu" or "tfjs-wasm"; shown to the user and stored in run summaries. */
  readonly name: string;
  /** Input [height, width]; pixels are RGB 0..255 in NHWC order, before any preprocessing. */
  readonly inputSize: [number, number];
  /** Feature map shape of one photo, [h, w, c] (before pooling). */
  readonly featureShape: number[];
  /**
   * Runs `count` photos (count*h*w*3 floats, RGB 0..255) through preprocessing and the backbone;
   * returns count*prod(featureShape) floats in NHWC order.
   */
  extract(pixels: Float32Array, count: number): Promise<Float32Array>;
  /** The largest batch this extractor handles well (memory, GPU binding limits). */
  readonly maxBatch: number;
  dispose(): Promise<void>;
}
