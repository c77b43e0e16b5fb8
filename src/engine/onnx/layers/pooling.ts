/** Max and average pooling, local and global. */
import { cfgPair, cfgString } from '../kerasGraph';
import type { AttributeProto } from '../onnxProto';
import { padding2D } from '../padding';
import { one, staticDims, UnsupportedLayerError, type LayerCall, type LayerConverter } from './context';

function pool(opType: 'MaxPool' | 'AveragePool'): LayerConverter {
  return (call: LayerCall) => {
    const x = one(call);
    if (x.shape.length !== 4) throw new UnsupportedLayerError('expects a 4-D input');
    const format = cfgString(call.config, 'dataFormat', 'channelsLast').replace(/_/g, '').toLowerCase();
    if (format !== 'channelslast') throw new UnsupportedLayerError(`data format ${format} is not supported`);
    const size = cfgPair(call.config, 'poolSize', [2, 2]);
    const strides = cfgPair(call.config, 'strides', size);
    const mode = cfgString(call.config, 'padding', 'valid').toLowerCase();
    if (mode !== 'same' && mode !== 'valid') throw new UnsupportedLayerError(`padding '${mode}' is not supported`);
    const [h, w] = staticDims(x.shape, call.layer.name);
    const { out, pads } = padding2D([h, w], size, strides, [1, 1], mode);
    const expect = staticDims(call.outputShapes[0], call.layer.name);
    if (out[0] !== expect[0] || out[1] !== expect[1]) throw new Error(`${call.layer.name}: computed output ${out.join('x')}, tfjs says ${expect[0]}x${expect[1]}`);
    const attrs: AttributeProto[] = [
      { name: 'kernel_shape', ints: size },
      { name: 'strides', ints: strides },
      { name: 'pads', ints: pads },
    ];
    // TF's 'same' average pooling divides by the number of real pixels under the window.
    if (opType === 'AveragePool') attrs.push({ name: 'count_include_pad', i: 0 });
    return [call.g.op(opType, [x.name], call.layer.name, attrs)];
  };
}

function globalPool(opType: 'GlobalAveragePool' | 'GlobalMaxPool'): LayerConverter {
  return (call: LayerCall) => {
    const x = one(call);
    if (x.shape.length !== 4) throw new UnsupportedLayerError('expects a 4-D input');
    const keepDims = call.outputShapes[0].length === 4;
    const pooled = call.g.op(opType, [x.name], keepDims ? call.layer.name : `${call.layer.name}/pool`);
    return [keepDims ? pooled : call.g.op('Flatten', [pooled], call.layer.name, [{ name: 'axis', i: 1 }])];
  };
}

export const convertMaxPooling2D = pool('MaxPool');
export const convertAveragePooling2D = pool('AveragePool');
export const convertGlobalAveragePooling2D = globalPool('GlobalAveragePool');
export const convertGlobalMaxPooling2D = globalPool('GlobalMaxPool');
