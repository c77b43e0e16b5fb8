/**
 * A small helper for writing Keras Applications in tf.layers the way Keras's own source reads:
 * one call per Keras layer, in Keras's construction order, with Keras's names. Layers that Keras
 * leaves unnamed get Keras's generated names (`conv2d`, `conv2d_1`, `batch_normalization`, ...,
 * counted per prefix from zero within one model, as tf.keras does in a fresh session), so a
 * weight file with generated names can be matched by prefix and ordinal.
 *
 * Layers that carry BatchNormalization: every architecture here except VGG16 (class
 * `BatchNormalization`, tfjs className 'BatchNormalization'). EfficientNetB0 also has Dropout
 * layers (`*_drop`) inside its blocks.
 */
import type { Tf } from '../tf/tf';
import { customLayers } from './customLayers';
import type { Layer, SymbolicTensor } from './tfTypes';

type Padding = 'same' | 'valid';
type Pair = number | [number, number];
type Initializer = ReturnType<Tf['initializers']['glorotUniform']>;
export type KernelInit = 'glorot' | 'efficientnet';

export interface ConvArgs {
  filters: number;
  kernelSize: Pair;
  strides?: Pair;
  padding?: Padding;
  useBias?: boolean;
  activation?: 'relu' | 'sigmoid' | 'swish' | 'linear';
  name?: string;
}

export interface GraphOptions {
  /** Seed of the random initial weights; the same seed gives the same weights. */
  seed: number;
  /** Initialise weights to zeros (fast) because a weight file will overwrite them all. */
  fastInit?: boolean;
  kernelInit?: KernelInit;
}

export class KerasGraph {
  private readonly counters = new Map<string, number>();
  private initCount = 0;
  readonly layers: Layer[] = [];

  constructor(
    readonly tf: Tf,
    private readonly opts: GraphOptions,
  ) {}

  /** Keras's generated name for an unnamed layer of this kind: `prefix`, then `prefix_1`, ... */
  autoName(prefix: string): string {
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    return n === 0 ? prefix : `${prefix}_${n}`;
  }

  private kernelInitializer(): Initializer {
    const seed = (this.opts.seed * 7919 + ++this.initCount) % 2147483647;
    if (this.opts.kernelInit === 'efficientnet') {
      // Keras's CONV_KERNEL_INITIALIZER: VarianceScaling(2.0, fan_out, truncated normal).
      return this.tf.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal', seed });
    }
    return this.tf.initializers.glorotUniform({ seed });
  }

  private add<T extends Layer>(layer: T): T {
    if (this.opts.fastInit) layer.setFastWeightInitDuringBuild(true);
    this.layers.push(layer);
    return layer;
  }

  apply(layer: Layer, x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
    return this.add(layer).apply(x) as SymbolicTensor;
  }

  conv2d(x: SymbolicTensor, a: ConvArgs): SymbolicTensor {
    return this.apply(
      this.tf.layers.conv2d({
        filters: a.filters,
        kernelSize: a.kernelSize,
        strides: a.strides ?? 1,
        padding: a.padding ?? 'valid',
        useBias: a.useBias ?? true,
        activation: a.activation ?? 'linear',
        kernelInitializer: this.kernelInitializer(),
        name: a.name ?? this.autoName('conv2d'),
      }),
      x,
    );
  }

  depthwiseConv2d(x: SymbolicTensor, a: { kernelSize: Pair; strides?: Pair; padding?: Padding; useBias?: boolean; name: string }): SymbolicTensor {
    return this.apply(
      this.tf.layers.depthwiseConv2d({
        kernelSize: a.kernelSize,
        depthMultiplier: 1,
        strides: a.strides ?? 1,
        padding: a.padding ?? 'valid',
        useBias: a.useBias ?? true,
        depthwiseInitializer: this.kernelInitializer(),
        name: a.name,
      }),
      x,
    );
  }

  batchNorm(x: SymbolicTensor, a: { name?: string; epsilon?: number; momentum?: number; scale?: boolean } = {}): SymbolicTensor {
    return this.apply(
      this.tf.layers.batchNormalization({
        axis: -1,
        epsilon: a.epsilon ?? 1e-3,
        momentum: a.momentum ?? 0.99,
        scale: a.scale ?? true,
        name: a.name ?? this.autoName('batch_normalization'),
      }),
      x,
    );
  }

  activation(x: SymbolicTensor, activation: 'relu' | 'swish' | 'sigmoid', name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.activation({ activation, name: name ?? this.autoName('activation') }), x);
  }

  relu6(x: SymbolicTensor, name: string): SymbolicTensor {
    return this.apply(this.tf.layers.reLU({ maxValue: 6, name }), x);
  }

  zeroPadding(x: SymbolicTensor, padding: [[number, number], [number, number]], name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.zeroPadding2d({ padding, name: name ?? this.autoName('zero_padding2d') }), x);
  }

  maxPool(x: SymbolicTensor, poolSize: number, strides: number, padding: Padding = 'valid', name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.maxPooling2d({ poolSize, strides, padding, name: name ?? this.autoName('max_pooling2d') }), x);
  }

  avgPool(x: SymbolicTensor, poolSize: number, strides: number, padding: Padding = 'valid', name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.averagePooling2d({ poolSize, strides, padding, name: name ?? this.autoName('average_pooling2d') }), x);
  }

  concat(xs: SymbolicTensor[], name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.concatenate({ axis: -1, name: name ?? this.autoName('concatenate') }), xs);
  }

  addLayer(xs: SymbolicTensor[], name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.add({ name: name ?? this.autoName('add') }), xs);
  }

  multiply(xs: SymbolicTensor[], name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.multiply({ name: name ?? this.autoName('multiply') }), xs);
  }

  globalAvgPool(x: SymbolicTensor, name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.globalAveragePooling2d({ name: name ?? this.autoName('global_average_pooling2d') }), x);
  }

  reshape(x: SymbolicTensor, targetShape: number[], name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.reshape({ targetShape, name: name ?? this.autoName('reshape') }), x);
  }

  dropout(x: SymbolicTensor, rate: number, noiseShape: (number | null)[] | undefined, name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.dropout({ rate, noiseShape: noiseShape as number[] | undefined, seed: this.opts.seed, name: name ?? this.autoName('dropout') }), x);
  }

  /** Keras's Rescaling; a per-channel scale is an array (tfjs's Rescaling multiplies by whatever it holds). */
  rescaling(x: SymbolicTensor, scale: number | number[], name?: string): SymbolicTensor {
    return this.apply(this.tf.layers.rescaling({ scale: scale as number, offset: 0, name: name ?? this.autoName('rescaling') }), x);
  }

  normalization(x: SymbolicTensor, name?: string): SymbolicTensor {
    const { Normalization } = customLayers(this.tf);
    return this.apply(new Normalization({ axis: -1, name: name ?? this.autoName('normalization') }), x);
  }

  customScale(inputs: [SymbolicTensor, SymbolicTensor], scale: number, name: string): SymbolicTensor {
    const { CustomScaleLayer } = customLayers(this.tf);
    return this.apply(new CustomScaleLayer({ scale, name }), inputs);
  }

  /** Spatial size [h, w] of a 4-D symbolic tensor. */
  static size(x: SymbolicTensor): [number, number] {
    return [x.shape[1] as number, x.shape[2] as number];
  }

  static channels(x: SymbolicTensor): number {
    return x.shape[x.shape.length - 1] as number;
  }
}

/** Keras's imagenet_utils.correct_pad: the ZeroPadding2D before a strided 'valid' convolution. */
export function correctPad(size: [number, number], kernel: number): [[number, number], [number, number]] {
  const adjust = [1 - (size[0] % 2), 1 - (size[1] % 2)];
  const c = Math.floor(kernel / 2);
  return [
    [c - adjust[0], c],
    [c - adjust[1], c],
  ];
}
