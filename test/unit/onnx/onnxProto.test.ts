import { strict as assert } from 'node:assert';
import { encodeModel, floatTensor, int64Tensor, TENSOR_FLOAT, TENSOR_INT64 } from '../../../src/engine/onnx/onnxProto';
import { decodeModel } from '../../support/protoReader';

describe('ONNX protobuf encoders', () => {
  const model = encodeModel({
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    producerName: 'test',
    producerVersion: '1',
    graph: {
      name: 'g',
      nodes: [
        { opType: 'Conv', inputs: ['x', 'w'], outputs: ['y'], name: 'conv', attributes: [{ name: 'pads', ints: [0, 1, 0, 1] }, { name: 'group', i: 3 }] },
        { opType: 'LeakyRelu', inputs: ['y'], outputs: ['z'], attributes: [{ name: 'alpha', f: 0.25 }] },
        { opType: 'Pad', inputs: ['z', 'pads'], outputs: ['out'], attributes: [{ name: 'mode', s: 'constant' }, { name: 'scales', floats: [0.5, 2] }] },
      ],
      initializers: [floatTensor('w', [1, 2], [1.5, -2]), int64Tensor('pads', [2], [-1, 3])],
      inputs: [{ name: 'x', elemType: TENSOR_FLOAT, shape: ['N', 3, 4, 4] }],
      outputs: [{ name: 'out', elemType: TENSOR_FLOAT, shape: ['N', 1, 4, 4] }],
    },
  });
  const decoded = decodeModel(model);

  it('writes the model header and opset', () => {
    assert.equal(decoded.irVersion, 8);
    assert.equal(decoded.producerName, 'test');
    assert.deepEqual(decoded.opsets, [{ domain: '', version: 17 }]);
    assert.equal(decoded.graph.name, 'g');
  });

  it('writes nodes with typed attributes', () => {
    const [conv, relu, pad] = decoded.graph.nodes;
    assert.deepEqual([conv.opType, conv.name, conv.inputs, conv.outputs], ['Conv', 'conv', ['x', 'w'], ['y']]);
    assert.deepEqual(conv.attributes.pads.ints, [0, 1, 0, 1]);
    assert.equal(conv.attributes.pads.type, 7); // INTS
    assert.equal(conv.attributes.group.i, 3);
    assert.equal(conv.attributes.group.type, 2); // INT
    assert.equal(relu.attributes.alpha.f, 0.25);
    assert.equal(relu.attributes.alpha.type, 1); // FLOAT
    assert.equal(pad.attributes.mode.s, 'constant');
    assert.equal(pad.attributes.mode.type, 3); // STRING
    assert.deepEqual(pad.attributes.scales.floats, [0.5, 2]);
    assert.equal(pad.attributes.scales.type, 6); // FLOATS
  });

  it('writes initializers as raw little-endian data', () => {
    const [w, pads] = decoded.graph.initializers;
    assert.deepEqual([w.name, w.dims, w.dataType], ['w', [1, 2], TENSOR_FLOAT]);
    assert.deepEqual(Array.from(new Float32Array(w.raw.slice().buffer)), [1.5, -2]);
    assert.deepEqual([pads.name, pads.dims, pads.dataType], ['pads', [2], TENSOR_INT64]);
    assert.deepEqual(Array.from(new BigInt64Array(pads.raw.slice().buffer), Number), [-1, 3]);
  });

  it('writes inputs and outputs with symbolic and fixed dimensions', () => {
    assert.deepEqual(decoded.graph.inputs, [{ name: 'x', elemType: TENSOR_FLOAT, dims: ['N', 3, 4, 4] }]);
    assert.deepEqual(decoded.graph.outputs, [{ name: 'out', elemType: TENSOR_FLOAT, dims: ['N', 1, 4, 4] }]);
  });

  it('refuses a tensor whose values do not fill its shape', () => {
    assert.throws(() => floatTensor('t', [2, 2], [1, 2, 3]), /3 values for shape \[2, 2\]/);
  });
});
