/**
 * Stand-ins for the custom Keras layers the backbones register (CustomScaleLayer, Normalization,
 * Subtract) and for Keras' full ReLU, with Keras' semantics, so the exporter can be checked against them.
 * They are not registered for deserialisation: tests build models with them directly.
 */
import type { SymbolicTensor, Tensor } from '@tensorflow/tfjs';
import { tf } from '../../src/engine/tf/tf';

type Shape = (number | null)[];
type Kwargs = Record<string, unknown>;

function first(inputs: Tensor | Tensor[]): Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

export function customLayers() {
  const Layer = tf().layers.Layer;

  class CustomScaleLayer extends Layer {
    static className = 'CustomScaleLayer';
    constructor(readonly scale: number) {
      super({});
    }
    override computeOutputShape(shapes: Shape | Shape[]): Shape {
      return (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      const [a, b] = inputs as Tensor[];
      return tf().tidy(() => tf().add(a, tf().mul(b, this.scale)));
    }
    override getConfig() {
      return { ...super.getConfig(), scale: this.scale };
    }
  }

  class Subtract extends Layer {
    static className = 'Subtract';
    override computeOutputShape(shapes: Shape | Shape[]): Shape {
      return (Array.isArray(shapes[0]) ? shapes[0] : shapes) as Shape;
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      const [a, b] = inputs as Tensor[];
      return tf().sub(a, b);
    }
  }

  /** Keras Normalization after adapt(): weights mean, variance, count over the last axis. */
  class Normalization extends Layer {
    static className = 'Normalization';
    override build(shape: Shape | Shape[]): void {
      const c = (shape as Shape)[(shape as Shape).length - 1] as number;
      this.addWeight('mean', [c], 'float32', tf().initializers.zeros(), undefined, false);
      this.addWeight('variance', [c], 'float32', tf().initializers.ones(), undefined, false);
      this.addWeight('count', [], 'float32', tf().initializers.zeros(), undefined, false);
      this.built = true;
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      const [mean, variance] = this.weights.map((w) => w.read());
      return tf().tidy(() => tf().div(tf().sub(first(inputs), mean), tf().sqrt(variance)));
    }
  }

  /** Keras ReLU with negative_slope and threshold (tfjs' ReLU only has max_value). */
  class KerasReLU extends Layer {
    static className = 'ReLU';
    constructor(readonly opts: { maxValue?: number; negativeSlope: number; threshold: number }) {
      super({});
    }
    override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
      const { maxValue, negativeSlope, threshold } = this.opts;
      return tf().tidy(() => {
        const x = first(inputs);
        let y = tf().where(tf().greaterEqual(x, threshold), x, tf().mul(tf().sub(x, threshold), negativeSlope));
        if (maxValue !== undefined) y = tf().minimum(y, maxValue);
        return y;
      });
    }
    override getConfig() {
      const { maxValue, negativeSlope, threshold } = this.opts;
      return { ...super.getConfig(), ...(maxValue === undefined ? {} : { maxValue }), negativeSlope, threshold };
    }
  }

  /** Keras Rescaling with per-channel scale and offset (EfficientNet's 1/std step); tfjs' takes scalars only. */
  class ChannelRescaling extends Layer {
    static className = 'Rescaling';
    constructor(readonly scale: number[], readonly offset: number[]) {
      super({});
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf().tidy(() => tf().add(tf().mul(first(inputs), tf().tensor1d(this.scale)), tf().tensor1d(this.offset)));
    }
    override getConfig() {
      return { ...super.getConfig(), scale: this.scale, offset: this.offset };
    }
  }

  /** A layer class the exporter has never heard of. */
  class Mystery extends Layer {
    static className = 'Mystery';
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf().neg(first(inputs));
    }
  }

  return { CustomScaleLayer, Subtract, Normalization, KerasReLU, ChannelRescaling, Mystery };
}

export function apply(layer: { apply(x: SymbolicTensor | SymbolicTensor[]): unknown }, x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  return layer.apply(x) as SymbolicTensor;
}
