/** Conv2D, DepthwiseConv2D, SeparableConv2D and Dense, with an optional folded BatchNormalization and fused activation. */
import { cfgBool, cfgNumber, cfgPair, cfgString, layerWeights, type Config } from '../kerasGraph';
import { padding2D, type PaddingMode } from '../padding';
import { emitActivation } from './activations';
import { one, staticDims, UnsupportedLayerError, type LayerCall, type LayerConverter, type Value } from './context';
import { batchNormParams, foldBatchNorm } from './normalization';

interface ConvGeometry {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  padding: PaddingMode;
}

function geometry(config: Config): ConvGeometry {
  const format = cfgString(config, 'dataFormat', 'channelsLast').replace(/_/g, '').toLowerCase();
  if (format !== 'channelslast') throw new UnsupportedLayerError(`data format ${format} is not supported (only channels last)`);
  const padding = cfgString(config, 'padding', 'valid').toLowerCase();
  if (padding !== 'same' && padding !== 'valid') throw new UnsupportedLayerError(`padding '${padding}' is not supported`);
  return {
    kernel: cfgPair(config, 'kernelSize'),
    strides: cfgPair(config, 'strides', [1, 1]),
    dilations: cfgPair(config, 'dilationRate', [1, 1]),
    padding,
  };
}

/** [kh, kw, cin, cout] (TF) -> [cout, cin, kh, kw] (ONNX). */
export function convKernelToOnnx(k: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(k.length);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < cin; c++) {
        const src = ((i * kw + j) * cin + c) * cout;
        for (let o = 0; o < cout; o++) out[((o * cin + c) * kh + i) * kw + j] = k[src + o];
      }
    }
  }
  return out;
}

/** Depthwise [kh, kw, cin, m] (TF, output channel c*m + j) -> [cin*m, 1, kh, kw] (ONNX, group = cin). */
export function depthwiseKernelToOnnx(k: Float32Array, [kh, kw, cin, m]: number[]): Float32Array {
  const out = new Float32Array(k.length);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < cin; c++) {
        for (let d = 0; d < m; d++) out[((c * m + d) * kh + i) * kw + j] = k[((i * kw + j) * cin + c) * m + d];
      }
    }
  }
  return out;
}

/** Emits an ONNX Conv over an NCHW value; checks the result against tfjs' output shape. */
function emitConv(call: LayerCall, x: Value, w: Float32Array, wDims: number[], bias: Float32Array | null, geo: ConvGeometry, group: number, base: string, expectOut?: number[]): string {
  const { g } = call;
  const [h, wd] = staticDims(x.shape, `${call.layer.name} input`);
  const { out, pads } = padding2D([h, wd], geo.kernel, geo.strides, geo.dilations, geo.padding);
  if (expectOut && (out[0] !== expectOut[0] || out[1] !== expectOut[1])) {
    throw new Error(`${call.layer.name}: computed output ${out.join('x')}, tfjs says ${expectOut.join('x')}`);
  }
  const inputs = [x.name, g.floatConst(`${base}/W`, wDims, w)];
  if (bias) inputs.push(g.floatConst(`${base}/B`, [bias.length], bias));
  return g.op('Conv', inputs, base, [
    { name: 'kernel_shape', ints: [wDims[2], wDims[3]] },
    { name: 'strides', ints: geo.strides },
    { name: 'dilations', ints: geo.dilations },
    { name: 'pads', ints: pads },
    { name: 'group', i: group },
  ]);
}

function rank4(call: LayerCall): Value {
  const x = one(call);
  if (x.shape.length !== 4) throw new UnsupportedLayerError(`expects a 4-D input, got shape [${x.shape.join(', ')}]`);
  return x;
}

/** Weights [kernel, bias?] as TF arrays. */
function kernelAndBias(call: LayerCall, kernels: number): { kernels: { values: Float32Array; shape: number[] }[]; bias: Float32Array | null } {
  const useBias = cfgBool(call.config, 'useBias', true);
  const weights = layerWeights(call.layer);
  if (weights.length !== kernels + (useBias ? 1 : 0)) throw new UnsupportedLayerError(`has ${weights.length} weight arrays, expected ${kernels + (useBias ? 1 : 0)}`);
  return { kernels: weights.slice(0, kernels), bias: useBias ? weights[kernels].values : null };
}

/** Folds the following BatchNormalization, if any, into [out, ...] weights; returns the bias to use. */
function maybeFold(call: LayerCall, w: Float32Array, bias: Float32Array | null, outChannels: number): Float32Array | null {
  if (!call.foldBatchNorm) return bias;
  return foldBatchNorm(w, bias, outChannels, batchNormParams(call.foldBatchNorm));
}

function finish(call: LayerCall, y: string, rank: number): string[] {
  const activation = cfgString(call.config, 'activation', 'linear');
  return [emitActivation(call.g, activation, y, rank, `${call.layer.name}/${activation}`)];
}

export const convertConv2D: LayerConverter = (call) => {
  const x = rank4(call);
  const geo = geometry(call.config);
  const groups = cfgNumber(call.config, 'groups', 1);
  const { kernels: [kernel], bias } = kernelAndBias(call, 1);
  const [kh, kw, cinPerGroup, cout] = kernel.shape;
  const w = convKernelToOnnx(kernel.values, kernel.shape);
  const b = maybeFold(call, w, bias, cout);
  const outShape = staticDims(call.outputShapes[0], call.layer.name);
  const y = emitConv(call, x, w, [cout, cinPerGroup, kh, kw], b, geo, groups, call.layer.name, outShape);
  return finish(call, y, 4);
};

export const convertDepthwiseConv2D: LayerConverter = (call) => {
  const x = rank4(call);
  const geo = geometry(call.config);
  const { kernels: [kernel], bias } = kernelAndBias(call, 1);
  const [kh, kw, cin, m] = kernel.shape;
  const w = depthwiseKernelToOnnx(kernel.values, kernel.shape);
  const b = maybeFold(call, w, bias, cin * m);
  const outShape = staticDims(call.outputShapes[0], call.layer.name);
  const y = emitConv(call, x, w, [cin * m, 1, kh, kw], b, geo, cin, call.layer.name, outShape);
  return finish(call, y, 4);
};

export const convertSeparableConv2D: LayerConverter = (call) => {
  const x = rank4(call);
  const geo = geometry(call.config);
  const { kernels: [depthwise, pointwise], bias } = kernelAndBias(call, 2);
  const [kh, kw, cin, m] = depthwise.shape;
  const cout = pointwise.shape[3];
  const outShape = staticDims(call.outputShapes[0], call.layer.name);
  const dw = emitConv(call, x, depthwiseKernelToOnnx(depthwise.values, depthwise.shape), [cin * m, 1, kh, kw], null, geo, cin, `${call.layer.name}/depthwise`, outShape);
  const pw = convKernelToOnnx(pointwise.values, pointwise.shape);
  const b = maybeFold(call, pw, bias, cout);
  const mid: Value = { name: dw, shape: [null, outShape[0], outShape[1], cin * m] };
  const pointGeo: ConvGeometry = { kernel: [1, 1], strides: [1, 1], dilations: [1, 1], padding: 'valid' };
  const y = emitConv(call, mid, pw, [cout, cin * m, 1, 1], b, pointGeo, 1, call.layer.name);
  return finish(call, y, 4);
};

/** Dense on the last axis: Gemm for [N, in], a 1x1 Conv for NCHW maps, MatMul otherwise. */
export const convertDense: LayerConverter = (call) => {
  const { g, layer } = call;
  const x = one(call);
  const { kernels: [kernel], bias } = kernelAndBias(call, 1);
  const [nin, nout] = kernel.shape;
  const rank = x.shape.length;
  // Output-channel-first copy, [out, in].
  const w = new Float32Array(kernel.values.length);
  for (let i = 0; i < nin; i++) for (let o = 0; o < nout; o++) w[o * nin + i] = kernel.values[i * nout + o];
  const b = maybeFold(call, w, bias, nout);
  let y: string;
  if (rank === 2) {
    const inputs = [x.name, g.floatConst(`${layer.name}/W`, [nout, nin], w)];
    if (b) inputs.push(g.floatConst(`${layer.name}/B`, [nout], b));
    y = g.op('Gemm', inputs, layer.name, [{ name: 'transB', i: 1 }]);
  } else if (rank === 4) {
    const pointGeo: ConvGeometry = { kernel: [1, 1], strides: [1, 1], dilations: [1, 1], padding: 'valid' };
    y = emitConv(call, x, w, [nout, nin, 1, 1], b, pointGeo, 1, layer.name);
  } else {
    const wt = new Float32Array(w.length); // back to [in, out], with any folded scaling
    for (let i = 0; i < nin; i++) for (let o = 0; o < nout; o++) wt[i * nout + o] = w[o * nin + i];
    const y0 = g.op('MatMul', [x.name, g.floatConst(`${layer.name}/W`, [nin, nout], wt)], b ? `${layer.name}/matmul` : layer.name);
    y = b ? g.op('Add', [y0, g.floatConst(`${layer.name}/B`, [nout], b)], layer.name) : y0;
  }
  return finish(call, y, rank);
};
