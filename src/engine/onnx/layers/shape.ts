/** Layers that move data around: ZeroPadding2D, Cropping2D, Reshape, Flatten, Permute, and the identities. */
import { cfgNumbers, cfgPairOfPairs } from '../kerasGraph';
import { kerasOrder, one, reshapeToKeras, staticDims, UnsupportedLayerError, type LayerConverter } from './context';

/** Dropout and noise layers do nothing at inference. */
export const convertIdentity: LayerConverter = (call) => [one(call).name];

export const convertZeroPadding2D: LayerConverter = (call) => {
  const x = one(call);
  if (x.shape.length !== 4) throw new UnsupportedLayerError('expects a 4-D input');
  const [[top, bottom], [left, right]] = cfgPairOfPairs(call.config, 'padding');
  const pads = call.g.int64Const('pads', [0, 0, top, left, 0, 0, bottom, right]);
  return [call.g.op('Pad', [x.name, pads], call.layer.name)];
};

export const convertCropping2D: LayerConverter = (call) => {
  const x = one(call);
  if (x.shape.length !== 4) throw new UnsupportedLayerError('expects a 4-D input');
  const [h, w] = staticDims(x.shape, call.layer.name);
  const [[top, bottom], [left, right]] = cfgPairOfPairs(call.config, 'cropping');
  const { g } = call;
  return [g.op('Slice', [x.name, g.int64Const('starts', [top, left]), g.int64Const('ends', [h - bottom, w - right]), g.int64Const('axes', [2, 3])], call.layer.name)];
};

export const convertReshape: LayerConverter = (call) => {
  const x = one(call);
  const flat = kerasOrder(call.g, x, call.layer.name);
  return [reshapeToKeras(call.g, flat, call.outputShapes[0], call.layer.name)];
};

/** Keras flattens NHWC, so a feature map goes back to NHWC order first. */
export const convertFlatten: LayerConverter = (call) => {
  const x = one(call);
  if (x.shape.length <= 2) return [x.name];
  const flat = kerasOrder(call.g, x, call.layer.name);
  return [call.g.op('Flatten', [flat], call.layer.name, [{ name: 'axis', i: 1 }])];
};

/** Keras Permute: `dims` are 1-based and leave the batch axis alone. */
export const convertPermute: LayerConverter = (call) => {
  const x = one(call);
  const dims = cfgNumbers(call.config, 'dims');
  const rank = x.shape.length;
  if (!dims || dims.length !== rank - 1) throw new UnsupportedLayerError(`has dims ${JSON.stringify(dims)} for a rank-${rank} input`);
  const kerasPerm = [0, ...dims];
  let perm = kerasPerm;
  if (rank === 4) {
    // graph axis i is Keras axis toKeras[i]; Keras axis a is graph axis toGraph[a].
    const toKeras = [0, 3, 1, 2];
    const toGraph = [0, 2, 3, 1];
    perm = toKeras.map((k) => toGraph[kerasPerm[k]]);
  }
  return [call.g.op('Transpose', [x.name], call.layer.name, [{ name: 'perm', ints: perm }])];
};
