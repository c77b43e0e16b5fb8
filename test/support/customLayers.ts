/**
 * Keras layers tfjs lacks and the backbones do not use, for exporter tests: Keras' Subtract and its
 * full ReLU (negative_slope, threshold), plus a class no exporter knows. They are not registered for
 * deserialisation: tests build models with them directly. The backbones' own custom layers
 * (CustomScaleLayer, Normalization) are the real classes from src/engine/backbones/customLayers.ts.
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

  /** A layer class the exporter has never heard of. */
  class Mystery extends Layer {
    static className = 'Mystery';
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf().neg(first(inputs));
    }
  }

  return { Subtract, KerasReLU, Mystery };
}

export function apply(layer: { apply(x: SymbolicTensor | SymbolicTensor[]): unknown }, x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  return layer.apply(x) as SymbolicTensor;
}
