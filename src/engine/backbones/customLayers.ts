/**
 * The two Keras layers tfjs lacks, as tf.layers classes registered for (de)serialization:
 * - CustomScaleLayer: InceptionResNetV2's scaled residual, `inputs[0] + inputs[1] * scale`
 *   (a Lambda named `block35_1` etc. in Keras 2, a CustomScaleLayer in Keras 3). Config: {scale}.
 * - Normalization: Keras's preprocessing Normalization on the last axis, as used by EfficientNet:
 *   `(x - mean) / max(sqrt(variance), 1e-7)`. Weights `mean`, `variance` (shape [channels]) and
 *   `count` (a scalar, as in Keras's weight files). Config: {axis: -1, mean, variance} with the
 *   current values, so an exporter can read them without touching the weights.
 * The classes extend the Layer of the tfjs namespace in use, so they are made once per namespace.
 */
import type { Tf } from '../tf/tf';
import type { Layer, Tensor } from './tfTypes';

export interface CustomScaleLayerArgs {
  scale: number;
  name?: string;
}

export interface NormalizationArgs {
  /** Only the last axis (-1, or 3 for NHWC) is supported, as in every Keras application. */
  axis?: number;
  mean?: number[];
  variance?: number[];
  name?: string;
}

/** Keras backend.epsilon(): the floor of the standard deviation in Normalization. */
export const NORMALIZATION_EPSILON = 1e-7;

export interface CustomLayerClasses {
  CustomScaleLayer: new (args: CustomScaleLayerArgs) => Layer & { readonly scale: number };
  Normalization: new (args: NormalizationArgs) => Layer & { readMeanVariance(): { mean: number[]; variance: number[] } | undefined };
}

const byNamespace = new WeakMap<Tf, CustomLayerClasses>();

export function customLayers(tf: Tf): CustomLayerClasses {
  const known = byNamespace.get(tf);
  if (known) return known;
  const Base = tf.layers.Layer as unknown as new (args: { name?: string }) => any;

  class CustomScaleLayer extends Base {
    static className = 'CustomScaleLayer';
    readonly scale: number;
    constructor(args: CustomScaleLayerArgs) {
      super({ name: args.name });
      if (typeof args.scale !== 'number' || !Number.isFinite(args.scale)) throw new Error(`CustomScaleLayer needs a finite scale, got ${String(args.scale)}.`);
      this.scale = args.scale;
    }
    computeOutputShape(inputShape: unknown): unknown {
      return (inputShape as unknown[])[0];
    }
    call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const [x, residual] = inputs as Tensor[];
        return tf.add(x, tf.mul(residual, this.scale));
      });
    }
    getConfig(): Record<string, unknown> {
      return { ...super.getConfig(), scale: this.scale };
    }
  }

  class Normalization extends Base {
    static className = 'Normalization';
    private readonly axis: number;
    private readonly initialMean?: number[];
    private readonly initialVariance?: number[];
    private meanVar: any;
    private varianceVar: any;
    constructor(args: NormalizationArgs) {
      super({ name: args.name });
      this.axis = args.axis ?? -1;
      if (this.axis !== -1 && this.axis !== 3) throw new Error(`Normalization supports only the last axis, got axis ${this.axis}.`);
      this.initialMean = args.mean;
      this.initialVariance = args.variance;
    }
    build(inputShape: unknown): void {
      const shape = inputShape as (number | null)[];
      const channels = shape[shape.length - 1];
      if (channels == null) throw new Error('Normalization needs a known channel count.');
      const init = (values: number[] | undefined, fallback: number) => {
        if (values && values.length !== channels) throw new Error(`Normalization ${this.name}: ${values.length} values for ${channels} channels.`);
        return values ? { apply: () => tf.tensor1d(values) } : tf.initializers.constant({ value: fallback });
      };
      this.meanVar = this.addWeight('mean', [channels], 'float32', init(this.initialMean, 0), undefined, false);
      this.varianceVar = this.addWeight('variance', [channels], 'float32', init(this.initialVariance, 1), undefined, false);
      this.addWeight('count', [], 'float32', tf.initializers.zeros(), undefined, false);
      this.built = true;
    }
    computeOutputShape(inputShape: unknown): unknown {
      return inputShape;
    }
    call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        const std = tf.maximum(tf.sqrt(this.varianceVar.read()), NORMALIZATION_EPSILON);
        return tf.div(tf.sub(x, this.meanVar.read()), std);
      });
    }
    /** The current mean and variance, or undefined before the layer is built. */
    readMeanVariance(): { mean: number[]; variance: number[] } | undefined {
      if (!this.meanVar) return this.initialMean && this.initialVariance ? { mean: this.initialMean, variance: this.initialVariance } : undefined;
      return { mean: Array.from(this.meanVar.read().dataSync() as Float32Array), variance: Array.from(this.varianceVar.read().dataSync() as Float32Array) };
    }
    getConfig(): Record<string, unknown> {
      const values = this.readMeanVariance();
      return { ...super.getConfig(), axis: this.axis, ...(values ?? {}) };
    }
  }

  tf.serialization.registerClass(CustomScaleLayer as any);
  tf.serialization.registerClass(Normalization as any);
  const classes = { CustomScaleLayer, Normalization } as unknown as CustomLayerClasses;
  byNamespace.set(tf, classes);
  return classes;
}
