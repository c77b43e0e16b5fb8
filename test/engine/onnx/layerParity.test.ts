/**
 * Every supported layer type, in a tiny model with seeded random weights, gives the same output in
 * TensorFlow.js (cpu backend) and in onnxruntime-node after export.
 */
import { strict as assert } from 'node:assert';
import type { SymbolicTensor } from '@tensorflow/tfjs';
import { customLayers as backboneLayers } from '../../../src/engine/backbones/customLayers';
import { tf } from '../../../src/engine/tf/tf';
import { apply, customLayers } from '../../support/customLayers';
import { compareExtractors, randomizeWeights, randomPixels } from '../../support/parity';
import { backendForSuite } from '../../support/backendForSuite';

type Build = (x: SymbolicTensor) => SymbolicTensor;

interface Case {
  name: string;
  size: [number, number];
  build: Build;
}

const TOLERANCE = 1e-4;

/** A conv so that later layers see negative and positive values of moderate size. */
const conv = (filters: number, opts: Record<string, unknown> = {}): Build => (x) =>
  apply(tf().layers.conv2d({ filters, kernelSize: 3, padding: 'same', ...opts }), x);

function cases(): Case[] {
  const L = tf().layers;
  const C = customLayers();
  const B = backboneLayers(tf());
  const list: Case[] = [];
  for (const size of [[7, 7], [8, 8], [9, 6]] as [number, number][]) {
    const tag = `${size[0]}x${size[1]}`;
    list.push(
      { name: `Conv2D same stride 2 ${tag}`, size, build: conv(4, { strides: 2, activation: 'relu' }) },
      { name: `Conv2D 2x2 kernel same ${tag}`, size, build: conv(3, { kernelSize: 2 }) },
      { name: `Conv2D 5x3 kernel same stride 2 ${tag}`, size, build: conv(3, { kernelSize: [5, 3], strides: 2 }) },
      { name: `Conv2D valid stride 2 ${tag}`, size, build: conv(4, { strides: 2, padding: 'valid', useBias: false }) },
      { name: `DepthwiseConv2D same stride 2 ${tag}`, size, build: (x) => apply(L.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same' }), x) },
      { name: `MaxPooling2D 3x3 stride 2 same ${tag}`, size, build: (x) => apply(L.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), conv(4)(x)) },
      { name: `AveragePooling2D 3x3 stride 2 same ${tag}`, size, build: (x) => apply(L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }), conv(4)(x)) },
    );
  }
  const s: [number, number] = [8, 8];
  list.push(
    { name: 'Conv2D dilation 2 same', size: [9, 9], build: conv(4, { dilationRate: 2 }) },
    { name: 'Conv2D + BatchNormalization (folded) + relu6', size: s, build: (x) => apply(L.activation({ activation: 'relu6' }), apply(L.batchNormalization({ epsilon: 1e-3 }), conv(5)(x))) },
    {
      name: 'Conv2D + BatchNormalization with a second reader (not folded)',
      size: s,
      build: (x) => {
        const c = conv(4)(x);
        return apply(L.add(), [apply(L.batchNormalization({ epsilon: 0.01 }), c), c]);
      },
    },
    { name: 'BatchNormalization scale=false (InceptionV3)', size: s, build: (x) => apply(L.batchNormalization({ scale: false, epsilon: 1e-3 }), conv(4, { useBias: false })(x)) },
    { name: 'BatchNormalization center=false after ReLU (ONNX BatchNormalization)', size: s, build: (x) => apply(L.batchNormalization({ center: false }), apply(L.reLU(), conv(4)(x))) },
    { name: 'DepthwiseConv2D depth_multiplier 2 + BatchNormalization', size: s, build: (x) => apply(L.batchNormalization({}), apply(L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', useBias: false }), x)) },
    { name: 'SeparableConv2D depth_multiplier 2 stride 2 + BatchNormalization', size: [7, 7], build: (x) => apply(L.batchNormalization({}), apply(L.separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same' }), x)) },
    { name: 'SeparableConv2D valid with relu', size: s, build: (x) => apply(L.separableConv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), x) },
    { name: 'ReLU max_value', size: s, build: (x) => apply(L.reLU({ maxValue: 0.5 }), conv(4)(x)) },
    { name: 'Keras ReLU negative_slope + threshold + max_value', size: s, build: (x) => apply(new C.KerasReLU({ maxValue: 1, negativeSlope: 0.1, threshold: 0.2 }), conv(4)(x)) },
    { name: 'Keras ReLU negative_slope only', size: s, build: (x) => apply(new C.KerasReLU({ negativeSlope: 0.3, threshold: 0 }), conv(4)(x)) },
    { name: 'LeakyReLU', size: s, build: (x) => apply(L.leakyReLU({ alpha: 0.2 }), conv(4)(x)) },
    { name: 'ELU layer', size: s, build: (x) => apply(L.elu(), conv(4)(x)) },
    { name: 'ThresholdedReLU', size: s, build: (x) => apply(L.thresholdedReLU({ theta: 0.3 }), conv(4)(x)) },
    { name: 'Softmax layer', size: s, build: (x) => apply(L.softmax({ axis: -1 }), conv(4)(x)) },
    { name: 'ZeroPadding2D asymmetric + Conv2D valid stride 2', size: [7, 7], build: (x) => conv(4, { padding: 'valid', strides: 2 })(apply(L.zeroPadding2d({ padding: [[0, 1], [1, 2]] }), x)) },
    { name: 'Cropping2D', size: s, build: (x) => apply(L.cropping2D({ cropping: [[1, 2], [0, 3]] }), conv(3)(x)) },
    { name: 'MaxPooling2D 2x2 valid', size: [7, 7], build: (x) => apply(L.maxPooling2d({ poolSize: 2 }), conv(3)(x)) },
    { name: 'AveragePooling2D 2x2 valid', size: [7, 7], build: (x) => apply(L.averagePooling2d({ poolSize: 2 }), conv(3)(x)) },
    { name: 'GlobalAveragePooling2D + Dense softmax', size: s, build: (x) => apply(L.dense({ units: 3, activation: 'softmax' }), apply(L.globalAveragePooling2d({}), conv(6)(x))) },
    { name: 'GlobalMaxPooling2D + Dense + BatchNormalization (folded)', size: s, build: (x) => apply(L.batchNormalization({}), apply(L.dense({ units: 5 }), apply(L.globalMaxPooling2d({}), conv(6)(x)))) },
    {
      name: 'squeeze-and-excite: GAP, Reshape [1,1,C], 1x1 convs, Multiply',
      size: s,
      build: (x) => {
        const f = conv(6, { activation: 'swish' })(x);
        let se = apply(L.reshape({ targetShape: [1, 1, 6] }), apply(L.globalAveragePooling2d({}), f));
        se = apply(L.conv2d({ filters: 2, kernelSize: 1, activation: 'swish' }), se);
        se = apply(L.conv2d({ filters: 6, kernelSize: 1, activation: 'sigmoid' }), se);
        return apply(L.multiply(), [f, se]);
      },
    },
    { name: 'Reshape [h*w, c] (rank 3) then Dense', size: [4, 5], build: (x) => apply(L.dense({ units: 2 }), apply(L.reshape({ targetShape: [20, 4] }), conv(4)(x))) },
    { name: 'Reshape to another feature map shape', size: [4, 6], build: (x) => conv(2)(apply(L.reshape({ targetShape: [6, 4, 4] }), conv(4)(x))) },
    { name: 'Flatten after a feature map keeps Keras order', size: [5, 4], build: (x) => apply(L.flatten(), conv(3, { strides: 2 })(x)) },
    { name: 'Flatten + Dense + Dropout', size: [5, 4], build: (x) => apply(L.dropout({ rate: 0.5 }), apply(L.dense({ units: 4, activation: 'relu' }), apply(L.flatten(), conv(3)(x)))) },
    { name: 'Dense on a feature map (1x1 conv)', size: s, build: (x) => apply(L.dense({ units: 5, activation: 'tanh' }), conv(3)(x)) },
    { name: 'Permute', size: [4, 6], build: (x) => conv(2)(apply(L.permute({ dims: [2, 1, 3] }), conv(3)(x))) },
    { name: 'Rescaling', size: s, build: (x) => conv(3)(apply(L.rescaling({ scale: 0.5, offset: -0.25 }), x)) },
    // tfjs' Rescaling multiplies by whatever it holds; EfficientNetB0 gives it a per-channel array.
    { name: 'Rescaling per channel', size: s, build: (x) => conv(3)(apply(L.rescaling({ scale: [0.5, 2, -1] as unknown as number, offset: [0.1, 0, -0.2] as unknown as number }), x)) },
    { name: 'Normalization (EfficientNet stem)', size: s, build: (x) => conv(3)(apply(new B.Normalization({ axis: -1 }), apply(L.rescaling({ scale: 1 / 255 }), x))) },

    {
      name: 'Add, Subtract, Multiply, Average, Maximum, Minimum',
      size: s,
      build: (x) => {
        const a = conv(4)(x);
        const b = conv(4)(x);
        const c = conv(4)(x);
        const sum = apply(L.add(), [a, b, c]);
        const diff = apply(new C.Subtract({}), [sum, c]);
        const prod = apply(L.multiply(), [diff, b]);
        const avg = apply(L.average(), [prod, a]);
        return apply(L.minimum(), [apply(L.maximum(), [avg, b]), c]);
      },
    },
    { name: 'Concatenate channels', size: s, build: (x) => conv(3)(apply(L.concatenate({ axis: -1 }), [conv(2)(x), conv(3, { activation: 'relu' })(x)])) },
    { name: 'Concatenate along height', size: s, build: (x) => apply(L.concatenate({ axis: 1 }), [conv(2)(x), conv(2, { strides: [2, 1] })(x)]) },
    {
      name: 'CustomScaleLayer (InceptionResNetV2 residual)',
      size: s,
      build: (x) => {
        const a = conv(4)(x);
        return apply(L.activation({ activation: 'relu' }), apply(new B.CustomScaleLayer({ scale: 0.17 }), [a, conv(4)(a)]));
      },
    },
  );
  for (const activation of ['relu', 'relu6', 'sigmoid', 'hardSigmoid', 'tanh', 'swish', 'elu', 'selu', 'gelu', 'gelu_new', 'softmax', 'softplus', 'softsign', 'mish', 'linear']) {
    list.push({ name: `Activation ${activation}`, size: [5, 5], build: (x) => apply(L.activation({ activation: activation as never }), conv(4)(x)) });
  }
  return list;
}

describe('ONNX export: layer parity with TensorFlow.js', function () {
  backendForSuite(() => tf().setBackend('cpu'));

  let seed = 1;
  for (const c of cases()) {
    const caseSeed = seed++;
    it(c.name, async () => {
      const x = tf().input({ shape: [c.size[0], c.size[1], 3] });
      const model = tf().model({ inputs: x, outputs: c.build(x) });
      randomizeWeights(model, caseSeed);
      try {
        const r = await compareExtractors(model, 'tf', randomPixels(2, c.size[0], c.size[1], caseSeed), 2);
        assert.deepEqual(r.featureShape, model.outputs[0].shape.slice(1));
        assert.ok(r.tfjs.some((v) => v !== 0), 'the reference output is all zeros: the case checks nothing');
        assert.ok(r.error < TOLERANCE, `relative error ${r.error.toExponential(2)}`);
      } finally {
        model.dispose();
      }
    });
  }

  it('Normalization with a zero variance divides by the 1e-7 floor, as Keras does', async () => {
    // Not randomised: the zero variance is the point.
    const { Normalization } = backboneLayers(tf());
    const x = tf().input({ shape: [4, 4, 3] });
    const model = tf().model({ inputs: x, outputs: apply(new Normalization({ axis: -1, mean: [0.1, -0.2, 0.3], variance: [0.04, 0, 0.25] }), x) });
    const r = await compareExtractors(model, 'tf', randomPixels(2, 4, 4, 12), 2);
    const channel1 = r.tfjs.filter((_, i) => i % 3 === 1);
    assert.ok(channel1.some((v) => Math.abs(v) > 1e5), 'the zero-variance channel was not scaled by 1e7');
    assert.ok(r.error < TOLERANCE, `relative error ${r.error.toExponential(2)}`);
    model.dispose();
  });

  it('inlines a nested functional model', async () => {
    const L = tf().layers;
    const innerIn = tf().input({ shape: [6, 6, 4] });
    const inner = tf().model({ inputs: innerIn, outputs: apply(L.batchNormalization({}), apply(L.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }), innerIn)) });
    const x = tf().input({ shape: [6, 6, 3] });
    const y = apply(L.globalAveragePooling2d({}), apply(inner, conv(4)(x)));
    const model = tf().model({ inputs: x, outputs: y });
    randomizeWeights(model, 99);
    randomizeWeights(inner, 100);
    const r = await compareExtractors(model, 'tf', randomPixels(2, 6, 6, 5), 2);
    assert.ok(r.error < TOLERANCE, `relative error ${r.error.toExponential(2)}`);
    model.dispose();
  });

  it('runs a Sequential model', async () => {
    const L = tf().layers;
    const model = tf().sequential({ layers: [L.conv2d({ inputShape: [7, 7, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), L.batchNormalization({}), L.reLU({ maxValue: 6 }), L.flatten()] });
    randomizeWeights(model, 7);
    const r = await compareExtractors(model, 'caffe', randomPixels(3, 7, 7, 7), 3);
    assert.ok(r.error < TOLERANCE, `relative error ${r.error.toExponential(2)}`);
    model.dispose();
  });
});
